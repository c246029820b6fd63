package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.OTHER_SECRET;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against hostile input: each case must get its 4xx status and stable code as a
 * problem document, never a 5xx, and nothing may reach the job topic.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT implements TestPropertyProvider {

  private static final String CONF = "conf-hostile";
  private static final String QUEUED_ID = "rec_hostile_queued";
  private static final String FAILED_ID = "rec_hostile_failed";
  private static final String OTHERS_ID = "rec_hostile_others";

  private final IntakeTestServices services = new IntakeTestServices();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;
  @Inject RecordingStore store;

  private HttpCalls calls;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(services.properties());
    // Internal hosts on the allow-list, so only the address check stands between them and us.
    p.put(
        "meetrec.intake.recordings.allowed-meeting-hosts",
        "8.8.8.8,127.0.0.1,localhost,10.0.0.5,192.168.1.1,169.254.169.254,"
            + "metadata.google.internal,::1,100.64.0.1");
    return p;
  }

  @BeforeAll
  void recordings() {
    calls = new HttpCalls(server.getURI(), json);
    Instant now = Instant.now();
    for (String[] r :
        new String[][] {
          {QUEUED_ID, CLIENT}, {FAILED_ID, CLIENT}, {OTHERS_ID, IntakeTestServices.OTHER_CLIENT}
        }) {
      store.delete(r[0], r[1], CONF);
      store.create(
          new RecordingJob(
              RecordingJob.SCHEMA_VERSION,
              r[0],
              "https://8.8.8.8/m",
              CONF,
              60,
              null,
              false,
              null,
              Map.of(),
              now,
              now.plusSeconds(600)),
          r[1]);
    }
    store.transition(
        FAILED_ID,
        RecordingState.FAILED,
        null,
        RecordingUpdate.failed(now, new RecordingError("no_media", "silent")));
  }

  record Case(String name, int status, String code, Function<HttpCalls, Reply> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String body(String meetingUrl, String webhookUrl) {
    return """
        {"meetingUrl":"%s","conferenceId":"c1"%s}"""
        .formatted(meetingUrl, webhookUrl == null ? "" : ",\"webhookUrl\":\"" + webhookUrl + "\"");
  }

  private static Function<HttpCalls, Reply> create(String body) {
    return c -> c.signed(CLIENT, SECRET, "POST", "/v1/recordings", body);
  }

  private static final String GOOD = body("https://8.8.8.8/m", null);

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    // create: body shape
    cases.add(new Case("create malformed JSON", 400, "malformed_json", create("{\"meetingUrl\":")));
    cases.add(new Case("create JSON array", 400, "malformed_json", create("[1,2]")));
    cases.add(new Case("create empty body", 400, "malformed_json", create("")));
    // strict JSON: what a lenient reader would quietly accept
    cases.add(new Case("create trailing data", 400, "malformed_json", create(GOOD + "xyz")));
    cases.add(new Case("create two documents", 400, "malformed_json", create(GOOD + GOOD)));
    cases.add(
        new Case(
            "create duplicated key",
            400,
            "malformed_json",
            create(GOOD.replace("}", ",\"conferenceId\":\"c2\"}"))));
    cases.add(
        new Case(
            "create declared utf-16",
            400,
            "malformed_json",
            c ->
                c.signed(
                    CLIENT,
                    SECRET,
                    "POST",
                    "/v1/recordings",
                    GOOD,
                    Map.of("Content-Type", "application/json; charset=utf-16"))));
    cases.add(
        new Case(
            "create latin-1 bytes",
            400,
            "malformed_json",
            c ->
                signedBytes(
                    c, GOOD.replace("c1", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1))));
    cases.add(
        new Case(
            "create utf-16 bytes",
            400,
            "malformed_json",
            c -> signedBytes(c, GOOD.getBytes(StandardCharsets.UTF_16))));
    cases.add(
        new Case(
            "create conferenceId of wrong type",
            400,
            "invalid_field",
            create("{\"meetingUrl\":\"https://8.8.8.8/m\",\"conferenceId\":42}")));
    cases.add(
        new Case(
            "create duration as string",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"maxDurationSeconds\":\"600\"}"))));
    cases.add(
        new Case(
            "create fractional duration",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"maxDurationSeconds\":1.5}"))));
    cases.add(
        new Case(
            "create duration over the limit",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"maxDurationSeconds\":99999999999}"))));
    cases.add(
        new Case(
            "create oversized video",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"video\":{\"width\":7680,\"height\":4320,\"fps\":30}}"))));
    cases.add(
        new Case(
            "create video with audioOnly",
            400,
            "invalid_field",
            create(
                GOOD.replace(
                    "}",
                    ",\"audioOnly\":true,\"video\":{\"width\":640,\"height\":480,\"fps\":30}}"))));
    cases.add(
        new Case(
            "create unknown field",
            400,
            "unknown_field",
            create(GOOD.replace("}", ",\"priority\":\"high\"}"))));
    cases.add(
        new Case(
            "create unknown video field",
            400,
            "unknown_field",
            create(
                GOOD.replace(
                    "}",
                    ",\"video\":{\"width\":640,\"height\":480,\"fps\":30,\"codec\":\"x\"}}"))));
    cases.add(
        new Case(
            "create metadata of wrong type",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"metadata\":{\"n\":1}}"))));
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    cases.add(
        new Case(
            "create too much metadata",
            400,
            "invalid_field",
            create(GOOD.replace("}", ",\"metadata\":" + many + "}}"))));
    cases.add(
        new Case(
            "create without meetingUrl",
            400,
            "invalid_field",
            create("{\"conferenceId\":\"c1\"}")));
    cases.add(
        new Case(
            "create 1 MB body",
            413,
            "body_too_large",
            create(GOOD.replace("}", ",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}"))));
    cases.add(
        new Case(
            "create as text/plain",
            415,
            "unsupported_media_type",
            c ->
                c.signed(
                    CLIENT,
                    SECRET,
                    "POST",
                    "/v1/recordings",
                    GOOD,
                    Map.of("Content-Type", "text/plain"))));
    cases.add(
        new Case(
            "create with an overlong Idempotency-Key",
            400,
            "invalid_field",
            c ->
                c.signed(
                    CLIENT,
                    SECRET,
                    "POST",
                    "/v1/recordings",
                    GOOD,
                    Map.of("Idempotency-Key", "k".repeat(300)))));
    // create: signatures
    cases.add(
        new Case(
            "create unsigned",
            401,
            "signature_missing",
            c ->
                c.send(
                    "POST",
                    "/v1/recordings",
                    GOOD.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"))));
    cases.add(
        new Case(
            "create with an expired signature",
            401,
            "signature_expired",
            c -> signedAt(c, "POST", "/v1/recordings", GOOD, Instant.now().minusSeconds(3600))));
    cases.add(
        new Case(
            "create signed with another client's secret",
            401,
            "signature_invalid",
            c -> c.signed(CLIENT, OTHER_SECRET, "POST", "/v1/recordings", GOOD)));
    cases.add(
        new Case(
            "create from an unknown client (answered as a wrong signature: ids cannot be probed)",
            401,
            "signature_invalid",
            c -> c.signed("mallory", SECRET, "POST", "/v1/recordings", GOOD)));
    cases.add(
        new Case(
            "create with a body changed after signing",
            401,
            "signature_invalid",
            c -> {
              byte[] signedBody = GOOD.getBytes(StandardCharsets.UTF_8);
              Map<String, String> h =
                  new HashMap<>(
                      HttpCalls.signatureHeaders(
                          CLIENT, SECRET, "POST", "/v1/recordings", signedBody));
              h.put("Content-Type", "application/json");
              return c.send(
                  "POST",
                  "/v1/recordings",
                  GOOD.replace("8.8.8.8", "8.8.4.4").getBytes(StandardCharsets.UTF_8),
                  h);
            }));
    cases.add(
        new Case(
            "create replayed",
            401,
            "signature_replayed",
            c -> {
              // The first send is refused for its body after authenticating, so nothing is queued.
              String bad = GOOD.replace("}", ",\"x\":1}");
              byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
              Map<String, String> h =
                  new HashMap<>(
                      HttpCalls.signatureHeaders(CLIENT, SECRET, "POST", "/v1/recordings", bytes));
              h.put("Content-Type", "application/json");
              Reply first = c.send("POST", "/v1/recordings", bytes, h);
              assertThat(first.code()).isEqualTo("unknown_field");
              return c.send("POST", "/v1/recordings", bytes, h);
            }));
    // create: URLs
    String[] hostile = {
      "https://127.0.0.1/m",
      "https://localhost/m",
      "https://10.0.0.5/m",
      "https://192.168.1.1/m",
      "https://100.64.0.1/m",
      "https://169.254.169.254/computeMetadata/v1/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://[::1]/m",
      "http://8.8.8.8/m",
      "file:///etc/passwd",
      "chrome://settings",
      "javascript:alert(1)",
      "https://evil.example.org/m",
    };
    for (String url : hostile) {
      cases.add(new Case("meeting " + url, 400, "url_refused", create(body(url, null))));
      if (!url.startsWith("https://evil")) {
        cases.add(
            new Case("webhook " + url, 400, "url_refused", create(body("https://8.8.8.8/m", url))));
      }
    }
    // get
    cases.add(
        new Case(
            "get unsigned",
            401,
            "signature_missing",
            c -> c.send("GET", "/v1/recordings/" + QUEUED_ID, null, Map.of())));
    cases.add(
        new Case(
            "get with an expired signature",
            401,
            "signature_expired",
            c ->
                signedAt(
                    c,
                    "GET",
                    "/v1/recordings/" + QUEUED_ID,
                    null,
                    Instant.now().minusSeconds(900))));
    cases.add(
        new Case(
            "get signed for another path",
            401,
            "signature_invalid",
            c -> {
              Map<String, String> h =
                  HttpCalls.signatureHeaders(
                      CLIENT, SECRET, "GET", "/v1/recordings/" + FAILED_ID, new byte[0]);
              return c.send("GET", "/v1/recordings/" + QUEUED_ID, null, h);
            }));
    cases.add(
        new Case(
            "get another client's recording",
            404,
            "not_found",
            c -> c.signed(CLIENT, SECRET, "GET", "/v1/recordings/" + OTHERS_ID, null)));
    cases.add(
        new Case(
            "get a missing recording",
            404,
            "not_found",
            c -> c.signed(CLIENT, SECRET, "GET", "/v1/recordings/rec_nothing", null)));
    // list
    cases.add(
        new Case(
            "list without conferenceId",
            400,
            "invalid_field",
            c -> c.signed(CLIENT, SECRET, "GET", "/v1/recordings", null)));
    cases.add(
        new Case(
            "list unsigned",
            401,
            "signature_missing",
            c -> c.send("GET", "/v1/recordings?conferenceId=" + CONF, null, Map.of())));
    cases.add(
        new Case(
            "list signed without its query",
            401,
            "signature_invalid",
            c -> {
              Map<String, String> h =
                  HttpCalls.signatureHeaders(CLIENT, SECRET, "GET", "/v1/recordings", new byte[0]);
              return c.send("GET", "/v1/recordings?conferenceId=" + CONF, null, h);
            }));
    // stop
    cases.add(
        new Case(
            "stop unsigned",
            401,
            "signature_missing",
            c -> c.send("POST", "/v1/recordings/" + QUEUED_ID + ":stop", null, Map.of())));
    cases.add(
        new Case(
            "stop another client's recording",
            404,
            "not_found",
            c -> c.signed(CLIENT, SECRET, "POST", "/v1/recordings/" + OTHERS_ID + ":stop", null)));
    cases.add(
        new Case(
            "stop an ended recording",
            409,
            "invalid_state",
            c -> c.signed(CLIENT, SECRET, "POST", "/v1/recordings/" + FAILED_ID + ":stop", null)));
    // routing
    cases.add(
        new Case(
            "unknown path", 404, "not_found", c -> c.send("GET", "/v1/nothing", null, Map.of())));
    cases.add(
        new Case(
            "wrong method",
            405,
            "method_not_allowed",
            c -> c.send("DELETE", "/v1/recordings/" + QUEUED_ID, null, Map.of())));
    return cases.stream();
  }

  private static Reply signedBytes(HttpCalls c, byte[] body) {
    Map<String, String> h =
        new HashMap<>(
            HttpCalls.signatureHeaders(
                CLIENT,
                SECRET,
                "POST",
                "/v1/recordings",
                body,
                Instant.now(),
                java.util.UUID.randomUUID().toString()));
    h.put("Content-Type", "application/json");
    return c.send("POST", "/v1/recordings", body, h);
  }

  private static Reply signedAt(HttpCalls c, String method, String path, String body, Instant at) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h =
        new HashMap<>(
            HttpCalls.signatureHeaders(
                CLIENT, SECRET, method, path, bytes, at, java.util.UUID.randomUUID().toString()));
    if (body != null) {
      h.put("Content-Type", "application/json");
    }
    return c.send(method, path, bytes, h);
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithItsCode(Case c) {
    Reply reply = c.call().apply(calls);

    assertThat(reply.status()).as(reply.body()).isEqualTo(c.status());
    assertThat(reply.code()).as(reply.body()).isEqualTo(c.code());
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Order(2)
  @Test
  void nothingWasPublished() {
    assertThat(services.pubsub.pull(services.subscription, 10, Duration.ofSeconds(3))).isEmpty();
    assertThat(store.find(QUEUED_ID).orElseThrow().stopRequested()).isFalse();
  }
}
