package io.meetrec.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.WebhookLedger;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.PubSubEmulator;
import io.meetrec.testing.ScheduledTrigger;
import io.meetrec.testing.webhooks.WebhookReceiver;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receivers that are down for a long time and deliveries slower than Pub/Sub's ack deadline, with
 * the real emulator pushing to the function in the invoker and the redelivery tick driven by the
 * local stand-in for Cloud Scheduler. The retry schedule is Standard Webhooks' reference schedule
 * compressed 60 times (a minute becomes a second), so "ten minutes down" takes ten seconds.
 */
class WebhookOutageIT {

  private static final String WHSEC =
      "whsec_" + Base64.getEncoder().encodeToString("integration-test-webhook-key-32b".getBytes());
  private static final Secret RECORDER_SECRET =
      Secret.of("recorder-secret-for-tests-32byte".getBytes());
  static final int SCALE = 60;

  private PubSubEmulator pubsub;
  private WebhookReceiver receiver;
  private FunctionProcess function;
  private ScheduledTrigger trigger;
  private StatefulRedisConnection<String, String> redis;
  private RecordingStore store;
  private WebhookLedger ledger;
  private Map<String, String> properties;
  private int port;

  @BeforeEach
  void start() throws Exception {
    pubsub = LocalServices.pubsub();
    String redisUri = LocalServices.redis().uri();
    redis = RedisClient.create(redisUri).connect();
    store = new RecordingStore(redis.sync(), JsonMapper.createDefault(), Clock.systemUTC());
    ledger = new WebhookLedger(redis.sync(), Clock.systemUTC());
    receiver = new WebhookReceiver(WHSEC);
    Path secrets = Files.createTempDirectory("meetrec-recorder-secret");
    Files.writeString(secrets.resolve("recorder-secret"), RECORDER_SECRET.toBase64() + "\n");
    properties = new HashMap<>();
    properties.put("redis.uri", redisUri);
    properties.put("meetrec.webhooks.allow-unsigned-push", "true");
    properties.put("meetrec.webhooks.signing-secret", WHSEC);
    properties.put("meetrec.webhooks.allow-http", "true");
    properties.put("meetrec.webhooks.allow-private-addresses", "true");
    properties.put("meetrec.webhooks.read-timeout", "30s");
    properties.put("meetrec.webhooks.recorder-secret-dir", secrets.toString());
    properties.put(
        "meetrec.webhooks.retry-schedule",
        WebhooksConfiguration.DEFAULT_RETRY_SCHEDULE.stream()
            .map(d -> d.dividedBy(SCALE).toMillis() + "ms")
            .collect(Collectors.joining(",")));
    port = ManagedProcess.freePort();
    function = FunctionProcess.start(properties, port);
    // Cloud Scheduler's every minute, compressed like the schedule.
    trigger = ScheduledTrigger.every(Duration.ofSeconds(1), function.url() + "redeliver");
  }

  @AfterEach
  void stop() {
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

  private String topic(String endpoint) {
    String topic = "recording-events-outage-" + UUID.randomUUID().toString().substring(0, 8);
    pubsub.createTopic(topic);
    pubsub.createTopic(topic + "-dead-letter");
    pubsub.createPushSubscription(
        topic, topic + "-webhooks", endpoint, topic + "-dead-letter", 5, Duration.ofSeconds(1));
    return topic;
  }

  private String createRecording(String webhookUrl) {
    String id = "rec_" + UUID.randomUUID().toString().substring(0, 8);
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
        "client-outage");
    return id;
  }

  @Test
  void receiverDownForTenMinutesGetsTheEventOnceAfterItReturnsThroughAFunctionRestart()
      throws Exception {
    String url = receiver.url("/outage");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.completed(recordingId, url, RECORDER_SECRET);
    String topic = topic(function.url());
    receiver.down();
    Instant downAt = Instant.now();

    pubsub.publish(topic, m.data(), m.attributes(), null);

    // Attempts 1 and 2 (immediately, then 5 s scaled) fail with connection refused.
    awaitAttempts(m.event().eventId(), 2, Duration.ofSeconds(15));
    // A deploy: the function dies and a new instance serves the same URL. The schedule lives in
    // Redis, so nothing the old instance knew is lost.
    trigger.close();
    function.close();
    function = FunctionProcess.start(properties, port);
    trigger = ScheduledTrigger.every(Duration.ofSeconds(1), function.url() + "redeliver");

    Duration tenMinutes = Duration.ofMinutes(10).dividedBy(SCALE);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), downAt.plus(tenMinutes)).toMillis()));
    assertThat(receiver.deliveries("/outage")).isEmpty();
    receiver.up();

    Instant upAt = Instant.now();
    int failedDuringOutage = ledger.find(m.event().eventId()).orElseThrow().attempts();

    // Attempt 3 (5 min scaled after 2) falls inside the outage, attempt 4 (30 min after 3) after
    // it; however the restart shifted them, the next attempt after the outage gets through.
    receiver.await("/outage", d -> !d.isEmpty(), Duration.ofSeconds(60));
    Thread.sleep(3_000);
    List<WebhookReceiver.Delivery> got = receiver.deliveries("/outage");
    assertThat(got).hasSize(1);
    assertThat(got.getFirst().webhookId()).isEqualTo(m.event().eventId());
    assertThat(got.getFirst().signatureValid()).isTrue();
    WebhookLedger.Entry e = ledger.find(m.event().eventId()).orElseThrow();
    assertThat(e.state()).isEqualTo(WebhookLedger.State.DELIVERED);
    assertThat(e.attempts()).isGreaterThanOrEqualTo(3).isEqualTo(failedDuringOutage + 1);
    assertThat(e.deliveredAt()).isAfter(upAt);
    assertThat(function.logLines(m.event().eventId()))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"outcome\":\"delivered\"")
                    .contains("\"attempt\":" + e.attempts()));
  }

  @Test
  void deliverySlowerThanTheAckDeadlineIsSentOnce() throws Exception {
    // The receiver takes longer than the subscription's 10 s ack deadline to answer the first
    // attempt, as a cold receiver (or a cold function) would: Pub/Sub pushes the message again
    // while the first delivery is still in flight.
    receiver.slowFirst("/slow", Duration.ofSeconds(14));
    String url = receiver.url("/slow");
    String recordingId = createRecording(url);
    SignedEvents.Message m = SignedEvents.started(recordingId, url, RECORDER_SECRET);
    String topic = topic(function.url());

    pubsub.publish(topic, m.data(), m.attributes(), null);

    List<String> pushes =
        function.awaitLog(m.event().eventId(), "push of", 2, Duration.ofSeconds(40));
    assertThat(pushes)
        .as("Pub/Sub pushed the event again during the slow attempt")
        .hasSizeGreaterThanOrEqualTo(2);
    receiver.await("/slow", d -> !d.isEmpty(), Duration.ofSeconds(30));
    Thread.sleep(3_000);
    assertThat(receiver.deliveries("/slow")).hasSize(1);
    WebhookLedger.Entry e = ledger.find(m.event().eventId()).orElseThrow();
    assertThat(e.state()).isEqualTo(WebhookLedger.State.DELIVERED);
    assertThat(e.attempts()).isEqualTo(1);
  }

  private void awaitAttempts(String eventId, int attempts, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var e = ledger.find(eventId);
      if (e.isPresent()
          && e.get().attempts() >= attempts
          && e.get().state() == WebhookLedger.State.RETRYING) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(ledger.find(eventId).map(WebhookLedger.Entry::attempts).orElse(0))
        .as("attempts of " + eventId)
        .isGreaterThanOrEqualTo(attempts);
  }
}
