package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.OTHER_CLIENT;
import static io.meetrec.intake.IntakeTestServices.OTHER_SECRET;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.intake.openapi.OpenApiController;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.ClaimResult;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.meetrec.shared.store.WebhookLedger;
import io.meetrec.testing.LocalServices;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingsApiIT implements TestPropertyProvider {

  private final IntakeTestServices services = new IntakeTestServices();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject WebhookLedger ledger;

  private HttpCalls calls;

  @Override
  public Map<String, String> getProperties() {
    return services.properties();
  }

  @BeforeEach
  void client() {
    calls = new HttpCalls(server.getURI(), json);
  }

  private static String conference() {
    return "conf-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Pulls until a message for the recording arrived or {@code wait} passed. */
  private List<ReceivedMessage> messagesFor(String recordingId, Duration wait) {
    List<ReceivedMessage> found = new java.util.ArrayList<>();
    Instant deadline = Instant.now().plus(wait);
    while (found.isEmpty() && Instant.now().isBefore(deadline)) {
      services.pubsub.pull(services.subscription, 10, Duration.ofSeconds(1)).stream()
          .filter(m -> recordingId.equals(m.getMessage().getAttributesMap().get("recordingId")))
          .forEach(found::add);
    }
    return found;
  }

  @Test
  void signedCreateLandsExactlyOneMessageWithTheJobAndItsAttributes() throws Exception {
    String conf = conference();
    Reply reply = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf));

    assertThat(reply.status()).isEqualTo(202);
    String id = (String) reply.json().get("id");
    assertThat(reply.json())
        .containsEntry("status", "queued")
        .containsEntry("conferenceId", conf)
        .containsKeys("createdAt", "expiresAt");
    assertThat(reply.header("Location")).endsWith("/v1/recordings/" + id);
    // The create answers the resource as GET does: same fields, same values while queued.
    Reply got = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings/" + id, null);
    assertThat(got.json().keySet()).isEqualTo(reply.json().keySet());
    if ("queued".equals(got.json().get("status"))) {
      assertThat(got.json()).isEqualTo(reply.json());
    }

    List<ReceivedMessage> first = messagesFor(id, Duration.ofSeconds(10));
    List<ReceivedMessage> more = messagesFor(id, Duration.ofSeconds(2));
    assertThat(first).hasSize(1);
    assertThat(more).isEmpty();
    var message = first.get(0).getMessage();
    assertThat(message.getAttributesMap())
        .containsEntry("recordingId", id)
        .containsEntry("schemaVersion", Integer.toString(RecordingJob.SCHEMA_VERSION))
        // developers' personal recorder subscriptions filter on it (terraform/modules/pubsub)
        .containsEntry(RecordingJob.ATTR_CLIENT_ID, CLIENT);
    RecordingJob job = json.readValue(message.getData().toByteArray(), RecordingJob.class);
    assertThat(job.recordingId()).isEqualTo(id);
    assertThat(job.conferenceId()).isEqualTo(conf);
    assertThat(job.meetingUrl()).isEqualTo("https://8.8.8.8/meet/" + conf);
    assertThat(job.maxDurationSeconds()).isEqualTo(600);
    assertThat(job.metadata()).containsEntry("team", "blue");
    assertThat(job.expiresAt()).isAfter(job.requestedAt());
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.QUEUED);
  }

  @Test
  void getShowsEachEventsWebhookDelivery() {
    Reply created =
        calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conference()));
    String id = (String) created.json().get("id");
    Duration retention = Duration.ofDays(1);
    // As the webhooks function writes them: one delivered, one waiting for its next attempt.
    ledger.admit("evt_a" + id, id, CLIENT, "recording.started", "{}", Duration.ZERO, retention);
    ledger.admit("evt_b" + id, id, CLIENT, "recording.completed", "{}", Duration.ZERO, retention);
    ledger.begin("evt_a" + id, "t1", Duration.ofSeconds(30), true, false);
    ledger.finish(
        "evt_a" + id,
        CLIENT,
        "t1",
        WebhookLedger.State.DELIVERED,
        null,
        204,
        "delivered",
        "ok",
        retention);
    Instant next = Instant.now().plusSeconds(300);
    ledger.begin("evt_b" + id, "t2", Duration.ofSeconds(30), true, false);
    ledger.finish(
        "evt_b" + id,
        CLIENT,
        "t2",
        WebhookLedger.State.RETRYING,
        next,
        503,
        "retry",
        "503",
        retention);

    Reply got = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings/" + id, null);

    assertThat(got.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> hooks = (List<Map<String, Object>>) got.json().get("webhooks");
    assertThat(hooks).hasSize(2);
    assertThat(hooks.get(0))
        .containsEntry("eventId", "evt_a" + id)
        .containsEntry("type", "recording.started")
        .containsEntry("state", "delivered")
        .containsEntry("attempts", 1)
        .containsEntry("lastStatus", 204)
        .containsKey("deliveredAt");
    assertThat(hooks.get(1))
        .containsEntry("state", "retrying")
        .containsEntry("lastStatus", 503)
        .containsEntry(
            "nextAttemptAt", next.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
  }

  @Test
  void repeatedCreateWithTheSameKeyReturnsTheSameRecordingAndPublishesNothingNew() {
    String conf = conference();
    Map<String, String> key = Map.of("Idempotency-Key", "key-" + conf);
    Reply first = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    Reply again = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    String id = (String) first.json().get("id");
    assertThat(again.json()).containsEntry("id", id);
    assertThat(messagesFor(id, Duration.ofSeconds(10))).hasSize(1);
    assertThat(messagesFor(id, Duration.ofSeconds(2))).isEmpty();
    assertThat(store.listByConference(CLIENT, conf, 10, null).records()).hasSize(1);
  }

  @Test
  void sameKeyWithAnotherBodyIsAConflict() {
    String conf = conference();
    Map<String, String> key = Map.of("Idempotency-Key", "key-" + conf);
    Reply first = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    Reply other =
        calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf + "-x"), key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.code()).isEqualTo("idempotency_conflict");
    assertThat(other.contentType()).startsWith("application/problem+json");
  }

  @Test
  void getShowsTheRecordingToItsClientOnlyWithADownloadLinkOnceCompleted() {
    String conf = conference();
    String id = create(conf);

    Reply mine = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings/" + id, null);
    Reply theirs = calls.signed(OTHER_CLIENT, OTHER_SECRET, "GET", "/v1/recordings/" + id, null);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json())
        .containsEntry("id", id)
        .containsEntry("status", "queued")
        .containsEntry("conferenceId", conf);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(theirs.code()).isEqualTo("not_found");

    RecordingJob job = store.find(id).orElseThrow().job();
    assertThat(store.claim(job, "recorder-0", Duration.ofSeconds(30)))
        .isEqualTo(ClaimResult.CLAIMED);
    Instant now = Instant.now();
    store.transition(id, RecordingState.RECORDING, "recorder-0", RecordingUpdate.started(now));
    store.transition(id, RecordingState.FINALIZING, "recorder-0", RecordingUpdate.NONE);
    RecordingOutput output =
        new RecordingOutput(
            "file:///var/lib/meetrec/"
                + StorageLayout.prefix(id, job.requestedAt())
                + "recording.mp4",
            1234,
            12.5,
            "md5==",
            "crc==",
            "video/mp4");
    store.transition(
        id,
        RecordingState.COMPLETED,
        "recorder-0",
        RecordingUpdate.completed(now, new RecordingProgress(12.5, 1234), output));

    Reply done = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings/" + id, null);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json()).containsEntry("status", "completed");
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) done.json().get("output");
    assertThat(out)
        .containsEntry("uri", output.uri())
        .containsEntry("downloadUrl", output.uri())
        .containsEntry("sizeBytes", 1234);
    @SuppressWarnings("unchecked")
    Map<String, Object> progress = (Map<String, Object>) done.json().get("progress");
    assertThat(progress).containsEntry("bytes", 1234);
  }

  @Test
  void theOpenApiDocumentIsServedWithoutASignature() {
    Reply doc = calls.send("GET", OpenApiController.PATH, null, Map.of());

    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("Content-Type")).startsWith("application/yaml");
    assertThat(doc.body())
        .isEqualTo(new String(OpenApiController.read(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void listReturnsTheCallersRecordingsOfOneConference() {
    String conf = conference();
    String a = create(conf);
    String b = create(conf);
    calls.signed(OTHER_CLIENT, OTHER_SECRET, "POST", "/v1/recordings", createBody(conf));

    Reply list = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings?conferenceId=" + conf, null);

    assertThat(list.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recordings =
        (List<Map<String, Object>>) list.json().get("recordings");
    assertThat(recordings).extracting(r -> r.get("id")).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void stopTellsTheOwningRecorderAndRefusesAnEndedRecording() throws Exception {
    String id = create(conference());
    RecordingJob job = store.find(id).orElseThrow().job();
    store.claim(job, "recorder-1", Duration.ofSeconds(30));

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    RedisClient redis = RedisClient.create(LocalServices.redis().uri());
    try (StatefulRedisPubSubConnection<String, String> sub = redis.connectPubSub()) {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              heard.add(message);
            }
          });
      sub.sync().subscribe(RecordingStore.STOP_CHANNEL);

      Reply stop = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings/" + id + ":stop", null);
      assertThat(stop.status()).isEqualTo(202);
      assertThat(stop.json()).containsEntry("stopRequested", true);
      String message;
      do {
        message = heard.poll(5, TimeUnit.SECONDS);
      } while (message != null && !message.equals(id));
      assertThat(message).isEqualTo(id);
    } finally {
      redis.shutdown();
    }
    assertThat(store.find(id).orElseThrow().stopRequested()).isTrue();

    store.transition(
        id,
        RecordingState.FAILED,
        null,
        RecordingUpdate.failed(
            Instant.now(), new io.meetrec.shared.recording.RecordingError("no_media", "silent")));
    Reply again = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings/" + id + ":stop", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("invalid_state");

    Reply foreign =
        calls.signed(OTHER_CLIENT, OTHER_SECRET, "POST", "/v1/recordings/" + id + ":stop", null);
    assertThat(foreign.status()).isEqualTo(404);
  }

  @Test
  void aClientOverItsBudgetIsToldWhenToComeBack() {
    long window = System.currentTimeMillis() / Duration.ofSeconds(60).toMillis();
    var redis = RedisClient.create(LocalServices.redis().uri());
    try (var c = redis.connect()) {
      for (long w = window; w <= window + 1; w++) {
        c.sync().setex("meetrec:rl:" + OTHER_CLIENT + ":" + w, 120, "1000000");
      }
    } finally {
      redis.shutdown();
    }
    Reply limited =
        calls.signed(OTHER_CLIENT, OTHER_SECRET, "GET", "/v1/recordings?conferenceId=x", null);
    try (var c = RedisClient.create(LocalServices.redis().uri()).connect()) {
      for (long w = window; w <= window + 1; w++) {
        c.sync().del("meetrec:rl:" + OTHER_CLIENT + ":" + w);
      }
    }

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo("rate_limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 120L);
  }

  private String create(String conf) {
    Reply r = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  @SuppressWarnings("unused")
  private Map<String, Object> parse(String body) throws java.io.IOException {
    return json.readValue(body.getBytes(), Argument.mapOf(String.class, Object.class));
  }
}
