package io.meetrec.shared.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.testing.LocalServices;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every per-recording key kind carries a TTL, and later writes keep it (real redis-server). */
class RetentionIT {

  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void connect() {
    connection = RedisClient.create(LocalServices.redis().uri()).connect();
    redis = connection.sync();
  }

  @AfterAll
  static void close() {
    connection.close();
  }

  @Test
  void recordsIndexesAndDeliveryRecordsExpireAfterTheRetention() {
    Duration retention = Duration.ofDays(30);
    RecordingStore store =
        new RecordingStore(redis, JsonMapper.createDefault(), Clock.systemUTC(), retention);
    RecordingJob job = job(Instant.now());
    String id = job.recordingId();

    store.create(job, "client-r");
    store.transition(id, RecordingState.CANCELLED, null, RecordingUpdate.NONE);

    long lifetime = Duration.ofSeconds(300 + 3600).plusDays(1).plus(retention).toSeconds();
    assertThat(redis.ttl(RecordingStore.recordKey(id))).isBetween(lifetime - 60, lifetime);
    assertThat(redis.ttl(RecordingStore.conferenceKey("client-r", job.conferenceId())))
        .isBetween(lifetime - 60, lifetime);

    WebhookLedger ledger = new WebhookLedger(redis, Clock.systemUTC());
    String eventId = "evt_" + id;
    ledger.admit(eventId, id, "client-r", "recording.cancelled", "{}", Duration.ZERO, retention);
    ledger.begin(eventId, "t", Duration.ofSeconds(30), true, false);
    assertThat(redis.pttl(WebhookLedger.lockKey(eventId))).isBetween(1L, 30_000L);
    ledger.finish(
        eventId,
        "client-r",
        "t",
        WebhookLedger.State.GAVE_UP,
        null,
        410,
        "failed",
        "gone",
        retention);
    long days30 = retention.toSeconds();
    assertThat(redis.ttl(WebhookLedger.eventKey(eventId))).isBetween(days30 - 60, days30);
    assertThat(redis.ttl(WebhookLedger.recordingKey(id))).isBetween(days30 - 60, days30);
    assertThat(redis.ttl(WebhookLedger.failedKey("client-r"))).isBetween(days30 - 60, days30);
  }

  @Test
  void recordsThatARecorderCreatesExpireToo() {
    Duration retention = Duration.ofDays(30);
    RecordingStore store =
        new RecordingStore(redis, JsonMapper.createDefault(), Clock.systemUTC(), retention);
    Instant now = Instant.now();
    long lifetime = Duration.ofSeconds(300 + 3600).plusDays(1).plus(retention).toSeconds();
    // Claimed without the intake's record (another publisher's job, or Redis lost it) ...
    RecordingJob claimed = job(now);
    store.claim(claimed, "pod-1", Duration.ofSeconds(30));
    // ... and expired before any recorder saw it.
    RecordingJob expired = job(now);
    store.expire(expired, new io.meetrec.shared.recording.RecordingError("expired", "late"));

    for (RecordingJob job : List.of(claimed, expired)) {
      assertThat(redis.ttl(RecordingStore.recordKey(job.recordingId())))
          .as(job.recordingId())
          .isBetween(lifetime - 60, lifetime);
      // No client, so no client's index lists them.
      assertThat(redis.exists(RecordingStore.conferenceKey("", job.conferenceId()))).isZero();
    }
  }

  private static RecordingJob job(Instant now) {
    String id = "rec_" + UUID.randomUUID().toString().replace("-", "");
    return new RecordingJob(
        RecordingJob.SCHEMA_VERSION,
        id,
        "https://meet.example.com/r",
        "conf-" + id,
        3600,
        null,
        true,
        null,
        Map.of(),
        now,
        now.plusSeconds(300));
  }
}
