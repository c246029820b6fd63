package io.meetrec.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.webhooks.WebhookReceiver;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function in the invoker with the URL guard as in production (private addresses refused; plain
 * http allowed only so a local receiver can exist), driven by hand-made push requests.
 */
class PushRefusalsIT {

  private static final String WHSEC =
      "whsec_" + Base64.getEncoder().encodeToString("refusal-test-webhook-signing-key!".getBytes());
  private static final Secret RECORDER_SECRET =
      Secret.of("recorder-secret-for-refusal-tests".getBytes());
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static FunctionProcess function;
  private static WebhookReceiver receiver;
  private static StatefulRedisConnection<String, String> redis;
  private static RecordingStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    String redisUri = LocalServices.redis().uri();
    redis = RedisClient.create(redisUri).connect();
    store = new RecordingStore(redis.sync(), JSON, Clock.systemUTC());
    receiver = new WebhookReceiver(WHSEC);
    Path secrets = Files.createTempDirectory("meetrec-recorder-secret");
    Files.writeString(secrets.resolve("recorder-secret"), RECORDER_SECRET.toBase64());
    function =
        FunctionProcess.start(
            Map.of(
                "redis.uri",
                redisUri,
                "meetrec.webhooks.allow-unsigned-push",
                "true",
                "meetrec.webhooks.signing-secret",
                WHSEC,
                "meetrec.webhooks.allow-http",
                "true",
                "meetrec.webhooks.allow-private-addresses",
                "false",
                "meetrec.webhooks.recorder-secret-dir",
                secrets.toString()));
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void refusesAtDeliveryAWebhookUrlThatResolvesToAPrivateAddress() throws Exception {
    String url = "http://localhost:" + receiver.port() + "/private";
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);

    HttpResponse<String> answer = push(envelope(m, 1));

    assertThat(answer.statusCode()).isEqualTo(204);
    assertThat(receiver.deliveries("/private")).isEmpty();
    assertThat(store.find(recordingId).map(RecordingRecord::lastWebhook).orElseThrow())
        .contains("\"outcome\":\"failed\"")
        .contains("\"errorCode\":\"url_refused\"")
        .contains("\"attempt\":1");
    assertThat(
            function.awaitLog(
                m.event().eventId(), "\"event\":\"webhook.attempt\"", 1, Duration.ofSeconds(5)))
        .singleElement()
        .satisfies(
            l -> assertThat(l).contains("\"errorCode\":\"url_refused\"").contains("\"attempt\":1"));
  }

  @Test
  void neverAcksNorDeliversAnUnsignedEvent() throws Exception {
    String url = receiver.url("/unsigned");
    SignedEvents.Message m = SignedEvents.completed(createRecording(url), url, RECORDER_SECRET);
    Map<String, String> attributes = new LinkedHashMap<>(m.attributes());
    attributes.remove("signature");

    HttpResponse<String> answer =
        push(envelope(new SignedEvents.Message(m.event(), m.data(), attributes), null));

    // Not acked: Pub/Sub retries and finally dead-letters it, where an operator sees it.
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(receiver.deliveries("/unsigned")).isEmpty();
    assertThat(
            function.awaitLog(
                m.event().eventId(), "\"outcome\":\"rejected\"", 1, Duration.ofSeconds(5)))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"errorCode\":\"signature_missing\""));
  }

  @Test
  void answersAPushThatIsNotJsonWithAProblem() throws Exception {
    HttpResponse<String> answer = push("{not json");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(answer.body()).contains("\"code\":\"malformed_json\"");
  }

  @Test
  void answersAPushWithoutMessageWithAProblem() throws Exception {
    HttpResponse<String> answer = push("{\"subscription\":\"projects/p/subscriptions/s\"}");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("\"code\":\"invalid_field\"");
  }

  @Test
  void answersOtherMethodsWithAProblem() throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(function.url())).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isBetween(400, 499);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(answer.body()).doesNotContain("Exception");
  }

  private static String createRecording(String webhookUrl) {
    String id = "rec_" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    store.create(
        new RecordingJob(
            RecordingJob.SCHEMA_VERSION,
            id,
            "https://meet.example.com/r",
            "conf-" + id,
            60,
            null,
            true,
            webhookUrl,
            Map.of(),
            now,
            now.plusSeconds(60)),
        "client-test");
    return id;
  }

  private static String envelope(SignedEvents.Message m, Integer deliveryAttempt) throws Exception {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("data", Base64.getEncoder().encodeToString(m.data()));
    message.put("attributes", m.attributes());
    message.put("messageId", "42");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    body.put("subscription", "projects/meetrec-local/subscriptions/recording-events-webhooks");
    if (deliveryAttempt != null) {
      body.put("deliveryAttempt", deliveryAttempt);
    }
    return JSON.writeValueAsString(body);
  }

  private HttpResponse<String> push(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(function.url()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
