package io.meetrec.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.WebhookLedger;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import io.meetrec.testing.ScheduledTrigger;
import io.meetrec.testing.webhooks.WebhookReceiver;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pub/Sub emulator pushes signed recording events to the webhook function running in the
 * Functions Framework invoker (from the shaded jar), which delivers them to a local receiver.
 */
class WebhookPushIT {

  private static final String WHSEC =
      "whsec_" + Base64.getEncoder().encodeToString("integration-test-webhook-key-32b".getBytes());
  private static final Secret RECORDER_SECRET =
      Secret.of("recorder-secret-for-tests-32byte".getBytes());
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static PubSubEmulator pubsub;
  private static WebhookReceiver receiver;
  private static FunctionProcess function;
  private static ScheduledTrigger trigger;
  private static StatefulRedisConnection<String, String> redis;
  private static RecordingStore store;

  @BeforeAll
  static void start() throws Exception {
    pubsub = LocalServices.pubsub();
    String redisUri = LocalServices.redis().uri();
    redis = RedisClient.create(redisUri).connect();
    store = new RecordingStore(redis.sync(), JsonMapper.createDefault(), Clock.systemUTC());
    receiver = new WebhookReceiver(WHSEC);

    Path secrets = Files.createTempDirectory("meetrec-recorder-secret");
    Files.writeString(secrets.resolve("recorder-secret"), RECORDER_SECRET.toBase64() + "\n");

    function =
        FunctionProcess.start(
            Map.of(
                "redis.uri", redisUri,
                "meetrec.webhooks.allow-unsigned-push", "true",
                "meetrec.webhooks.signing-secret", WHSEC,
                "meetrec.webhooks.allow-http", "true",
                "meetrec.webhooks.allow-private-addresses", "true",
                "meetrec.webhooks.read-timeout", "3s",
                // Five attempts within two seconds: the schedule's logic, not its length.
                "meetrec.webhooks.retry-schedule", "0s,300ms,300ms,500ms,500ms",
                "meetrec.webhooks.recorder-secret-dir", secrets.toString()));
    trigger = ScheduledTrigger.every(Duration.ofMillis(200), function.url() + "redeliver");
  }

  @AfterAll
  static void stop() {
    if (trigger != null) {
      trigger.close();
    }
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

  /** A fresh topic with a push subscription to the function and a dead-letter topic we can pull. */
  private static String topicWithPushSubscription() {
    String topic = "recording-events-it-" + TOPICS.incrementAndGet() + "-" + shortId();
    pubsub.createTopic(topic);
    pubsub.createTopic(topic + "-dead-letter");
    pubsub.createPullSubscription(topic + "-dead-letter", topic + "-dead-letter-sub", 10);
    pubsub.createPushSubscription(
        topic,
        topic + "-webhooks",
        function.url(),
        topic + "-dead-letter",
        5,
        Duration.ofSeconds(1));
    return topic;
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void publish(String topic, SignedEvents.Message m) {
    pubsub.publish(topic, m.data(), m.attributes(), null);
  }

  private static String createRecording(String webhookUrl) {
    String id = "rec_" + shortId();
    Instant now = Instant.now();
    store.create(
        new RecordingJob(
            RecordingJob.SCHEMA_VERSION,
            id,
            "https://meet.example.com/room",
            "conf-" + id,
            600,
            null,
            true,
            webhookUrl,
            Map.of(),
            now,
            now.plusSeconds(300)),
        "client-it");
    return id;
  }

  @Test
  void deliversTheEventSignedPerTheStandardWebhooksSpec() throws Exception {
    String topic = topicWithPushSubscription();
    String url = receiver.url("/ok");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);

    publish(topic, m);

    List<WebhookReceiver.Delivery> got =
        receiver.await("/ok", d -> !d.isEmpty(), Duration.ofSeconds(30));
    assertThat(got).hasSize(1);
    WebhookReceiver.Delivery d = got.getFirst();
    assertThat(d.signatureValid()).isTrue();
    assertThat(d.webhookId()).isEqualTo(m.event().eventId());
    Map<String, Object> body =
        JsonMapper.createDefault()
            .readValue(d.body(), io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    assertThat(body).containsEntry("type", "recording.completed");
    assertThat(body).containsEntry("timestamp", m.event().occurredAt().toString());
    assertThat(body).doesNotContainKey("webhookUrl");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    assertThat(data).containsEntry("recordingId", recordingId).containsKey("uri");

    String lastWebhook = awaitLastWebhook(recordingId, "delivered");
    assertThat(lastWebhook).contains(m.event().eventId()).contains("\"httpStatus\":204");
    assertThat(
            function.awaitLog(
                m.event().eventId(), "\"event\":\"webhook.attempt\"", 1, Duration.ofSeconds(5)))
        .anySatisfy(
            l -> assertThat(l).contains("\"outcome\":\"delivered\"").contains("\"latencyMs\""));
  }

  @Test
  void receiverThatFailsThreeTimesGetsTheEventOnceItRecovers() throws Exception {
    String topic = topicWithPushSubscription();
    receiver.on("/flaky", n -> n <= 3 ? 503 : 200);
    String url = receiver.url("/flaky");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);

    publish(topic, m);

    List<WebhookReceiver.Delivery> got =
        receiver.await(
            "/flaky", d -> d.stream().anyMatch(x -> x.answered() == 200), Duration.ofSeconds(60));
    assertThat(got)
        .extracting(WebhookReceiver.Delivery::answered)
        .containsExactly(503, 503, 503, 200);
    assertThat(got).allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
    assertThat(got)
        .extracting(WebhookReceiver.Delivery::webhookId)
        .containsOnly(m.event().eventId());
    assertThat(
            function.awaitLog(
                m.event().eventId(), "\"outcome\":\"retry\"", 3, Duration.ofSeconds(5)))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("\"httpStatus\":503"));
    assertThat(awaitLastWebhook(recordingId, "delivered")).contains("\"httpStatus\":200");
  }

  @Test
  void receiverThatAlwaysFailsIsGivenUpOnAfterTheScheduleThenRedeliveredOnRequest()
      throws Exception {
    String topic = topicWithPushSubscription();
    receiver.on("/down", n -> n <= 5 ? 500 : 200);
    String url = receiver.url("/down");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);

    publish(topic, m);

    WebhookLedger ledger = new WebhookLedger(redis.sync(), Clock.systemUTC());
    WebhookLedger.Entry gaveUp = awaitLedger(ledger, m.event().eventId(), "gave_up");
    assertThat(gaveUp.attempts()).isEqualTo(5);
    assertThat(gaveUp.lastStatus()).isEqualTo(500);
    assertThat(receiver.deliveries("/down")).hasSize(5);
    assertThat(
            function.awaitLog(
                m.event().eventId(), "\"outcome\":\"gave_up\"", 1, Duration.ofSeconds(5)))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"attempt\":5"));
    // The push was acked once the event was in the ledger: nothing is dead-lettered.
    assertThat(pubsub.pull(topic + "-dead-letter-sub", 1, Duration.ofSeconds(2))).isEmpty();
    assertThat(awaitLastWebhook(recordingId, "gave_up")).contains("\"httpStatus\":500");

    assertThat(
            function
                .post("redeliver", "{\"eventId\":\"" + m.event().eventId() + "\"}")
                .statusCode())
        .isEqualTo(200);

    WebhookLedger.Entry delivered = awaitLedger(ledger, m.event().eventId(), "delivered");
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(receiver.deliveries("/down"))
        .extracting(WebhookReceiver.Delivery::answered)
        .containsExactly(500, 500, 500, 500, 500, 200);
    assertThat(
            function
                .post("redeliver", "{\"eventId\":\"" + m.event().eventId() + "\"}")
                .statusCode())
        .as("a delivered event is not redelivered")
        .isEqualTo(404);
  }

  @Test
  void receiverAnswering410IsNotTriedAgain() throws Exception {
    String topic = topicWithPushSubscription();
    receiver.on("/gone", n -> 410);
    String url = receiver.url("/gone");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);

    publish(topic, m);

    WebhookLedger ledger = new WebhookLedger(redis.sync(), Clock.systemUTC());
    assertThat(awaitLedger(ledger, m.event().eventId(), "gave_up").attempts()).isEqualTo(1);
    Thread.sleep(2_000);
    assertThat(receiver.deliveries("/gone")).hasSize(1);
  }

  @Test
  void forgedOrAlteredEventsAreNeverDeliveredAndEndInTheDeadLetterTopic() throws Exception {
    // One subscription each: the emulator slows pushes to a subscription that keeps failing.
    String forgedTopic = topicWithPushSubscription();
    String alteredTopic = topicWithPushSubscription();
    String url = receiver.url("/forged");
    String recordingId = createRecording(url);
    SignedEvents.Message forged =
        SignedEvents.completed(
            recordingId, url, Secret.of("some-other-key-not-the-recorders".getBytes()));
    SignedEvents.Message genuine = SignedEvents.completed(recordingId, url, RECORDER_SECRET);
    byte[] altered =
        new String(genuine.data(), StandardCharsets.UTF_8)
            .replace("recording.completed", "recording.failed")
            .getBytes(StandardCharsets.UTF_8);

    publish(forgedTopic, forged);
    pubsub.publish(alteredTopic, altered, genuine.attributes(), null);

    // Not acked (it may be a key still propagating): retried, then moved aside for an operator.
    assertThat(pubsub.pull(forgedTopic + "-dead-letter-sub", 1, Duration.ofSeconds(90)))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getMessage().getAttributesMap())
                    .containsEntry(RecordingEvent.ATTR_EVENT_ID, forged.event().eventId()));
    assertThat(pubsub.pull(alteredTopic + "-dead-letter-sub", 1, Duration.ofSeconds(90)))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getMessage().getAttributesMap())
                    .containsEntry(RecordingEvent.ATTR_EVENT_ID, genuine.event().eventId()));
    assertThat(function.logLines(forged.event().eventId()))
        .filteredOn(l -> l.contains("\"outcome\":\"rejected\""))
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(l -> assertThat(l).contains("\"errorCode\":\"signature_invalid\""));
    assertThat(function.logLines(genuine.event().eventId()))
        .filteredOn(l -> l.contains("\"outcome\":\"rejected\""))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(receiver.deliveries("/forged")).isEmpty();
  }

  private static WebhookLedger.Entry awaitLedger(WebhookLedger ledger, String eventId, String state)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    WebhookLedger.Entry e = null;
    while (Instant.now().isBefore(deadline)) {
      e = ledger.find(eventId).orElse(null);
      if (e != null && e.state().wireName().equals(state)) {
        return e;
      }
      Thread.sleep(100);
    }
    assertThat(e).as("ledger entry of " + eventId).isNotNull();
    assertThat(e.state().wireName()).as("delivery state of " + eventId).isEqualTo(state);
    return e;
  }

  private static String awaitLastWebhook(String recordingId, String outcome) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      last = store.find(recordingId).map(RecordingRecord::lastWebhook).orElse(null);
      if (last != null && last.contains("\"outcome\":\"" + outcome + "\"")) {
        return last;
      }
      Thread.sleep(100);
    }
    assertThat(last)
        .as("last webhook outcome of " + recordingId)
        .contains("\"outcome\":\"" + outcome + "\"");
    return last;
  }
}
