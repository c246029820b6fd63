package io.meetrec.signing.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.security.JoinClaims;
import io.meetrec.shared.security.JoinTokens;
import io.meetrec.shared.security.SecretKeySet;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.meetrec.signing.LocalIdTokens;
import io.meetrec.signing.SigningTestServices;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinTokenIT implements TestPropertyProvider {

  private static final String CONF = "conf-signing";
  private static final String MINE = "rec_sign_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String THEIRS = MINE + "_theirs";
  private static final String QUEUED = MINE + "_queued";
  private static final String ENDED = MINE + "_ended";
  private static final String POD = "recorder-7d9f-abcde";

  private final LocalIdTokens google = new LocalIdTokens("test-key-1");
  private final LocalIdTokens impostor = new LocalIdTokens("test-key-1");

  @Inject EmbeddedServer server;
  @Inject RecordingStore store;
  @Inject JsonMapper json;

  @Override
  public Map<String, String> getProperties() {
    return SigningTestServices.properties(google);
  }

  @BeforeAll
  void recordings() {
    Instant now = Instant.now();
    for (String id : List.of(MINE, THEIRS, QUEUED, ENDED)) {
      RecordingJob job =
          new RecordingJob(
              RecordingJob.SCHEMA_VERSION,
              id,
              "https://8.8.8.8/m",
              CONF,
              60,
              null,
              false,
              null,
              Map.of(),
              now,
              now.plusSeconds(600));
      store.create(job, "acme");
      if (!id.equals(QUEUED)) {
        store.claim(job, id.equals(THEIRS) ? "recorder-other" : POD, Duration.ofSeconds(60));
      }
    }
    store.transition(
        ENDED,
        RecordingState.FAILED,
        null,
        RecordingUpdate.failed(now, new RecordingError("no_media", "silent")));
  }

  record Reply(int status, Map<String, Object> json, String contentType) {}

  /**
   * HttpURLConnection rather than java.net.http: the in-process test server answers chunked while
   * also copying a Content-Length header, and this client lets the chunked framing win.
   */
  private Reply call(String authorization, String body) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create(server.getURI() + "/v1/join-tokens").toURL().openConnection();
      c.setRequestMethod("POST");
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Connection", "close");
      if (authorization != null) {
        c.setRequestProperty("Authorization", authorization);
      }
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
      Map<String, Object> parsed =
          bytes.length == 0
              ? Map.of()
              : json.readValue(bytes, Argument.mapOf(String.class, Object.class));
      String type = c.getContentType() == null ? "" : c.getContentType();
      c.disconnect();
      return new Reply(status, parsed, type);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ask(String recordingId, String owner) {
    return "{\"recordingId\":\"%s\",\"owner\":\"%s\"}".formatted(recordingId, owner);
  }

  @Test
  void mintsAShortLivedTokenForTheClaimingRecorder() {
    Reply reply = call("Bearer " + google.token(), ask(MINE, POD));

    assertThat(reply.status()).isEqualTo(200);
    String token = (String) reply.json().get("token");
    JoinClaims claims =
        JoinTokens.verify(
            SecretKeySet.of(SigningTestServices.JOIN_SECRET), token, CONF, Clock.systemUTC());
    assertThat(claims.subject()).isEqualTo(MINE);
    assertThat(claims.audience()).isEqualTo(CONF);
    assertThat(Duration.between(Instant.now(), claims.expiresAt()))
        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(61));
  }

  record Case(String name, int status, String code, String authorization, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  Stream<Case> refusals() {
    String good = ask(MINE, POD);
    String bearer = "Bearer " + google.token();
    return Stream.of(
        new Case("no Authorization header", 401, "token_invalid", null, good),
        new Case("not a bearer token", 401, "token_invalid", "Basic dXNlcjpwYXNz", good),
        new Case("garbage token", 401, "token_invalid", "Bearer not.a.jwt", good),
        new Case(
            "token signed by another key",
            401,
            "token_invalid",
            "Bearer " + impostor.token(),
            good),
        new Case(
            "token for another audience",
            401,
            "token_invalid",
            "Bearer " + google.token(c -> c.audience("https://elsewhere.test/")),
            good),
        new Case(
            "token from another issuer",
            401,
            "token_invalid",
            "Bearer " + google.token(c -> c.issuer("https://evil.example")),
            good),
        new Case(
            "expired token",
            401,
            "token_invalid",
            "Bearer "
                + google.token(
                    c ->
                        c.issueTime(Date.from(Instant.now().minusSeconds(7200)))
                            .expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
            good),
        new Case(
            "email not on the allow-list",
            403,
            "forbidden",
            "Bearer " + google.token(c -> c.claim("email", "someone@evil.example")),
            good),
        new Case(
            "unverified email",
            403,
            "forbidden",
            "Bearer " + google.token(c -> c.claim("email_verified", false)),
            good),
        new Case("someone else's recording", 403, "forbidden", bearer, ask(THEIRS, POD)),
        new Case("an unclaimed recording", 403, "forbidden", bearer, ask(QUEUED, POD)),
        new Case("an ended recording", 409, "invalid_state", bearer, ask(ENDED, POD)),
        new Case("a missing recording", 404, "not_found", bearer, ask("rec_nothing", POD)),
        new Case("malformed JSON", 400, "malformed_json", bearer, "{\"recordingId\":"),
        new Case(
            "unknown field",
            400,
            "unknown_field",
            bearer,
            good.replace("}", ",\"audience\":\"x\"}")),
        new Case("wrong type", 400, "invalid_field", bearer, "{\"recordingId\":1,\"owner\":\"p\"}"),
        new Case(
            "1 MB body",
            413,
            "body_too_large",
            bearer,
            good.replace("}", ",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWithItsCode(Case c) {
    Reply reply = call(c.authorization(), c.body());

    assertThat(reply.status()).as(reply.json().toString()).isEqualTo(c.status());
    assertThat(reply.json()).containsEntry("code", c.code());
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json()).doesNotContainKey("token");
  }
}
