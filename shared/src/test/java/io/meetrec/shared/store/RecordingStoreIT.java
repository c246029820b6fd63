package io.meetrec.shared.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.LocalServices;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis contract against a real redis-server. */
class RecordingStoreIT {

  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static RecordingStore store;

  @BeforeAll
  static void connect() {
    client = RedisClient.create(LocalServices.redis().uri());
    connection = client.connect();
    store = new RecordingStore(connection.sync(), ObjectMapper.getDefault(), Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    connection.close();
    client.shutdown();
  }

  static RecordingJob job() {
    Instant now = Instant.now();
    return new RecordingJob(
        RecordingJob.SCHEMA_VERSION,
        "rec_" + UUID.randomUUID().toString().replace("-", ""),
        "https://meet.example.com/room/1",
        "conf-" + UUID.randomUUID(),
        60,
        VideoSpec.DEFAULT,
        false,
        "https://hooks.example.com/x",
        Map.of("team", "a"),
        now,
        now.plusSeconds(300));
  }

  @Test
  void createdRecordingIsQueuedAndReadBackWithItsJob() {
    RecordingJob job = job();
    assertThat(store.create(job, "client-a")).isTrue();
    assertThat(store.create(job, "client-a")).isFalse();

    RecordingRecord r = store.find(job.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.QUEUED);
    assertThat(r.job()).isEqualTo(job);
    assertThat(r.clientId()).isEqualTo("client-a");
    assertThat(store.listByConference("client-a", job.conferenceId(), 10, null).records())
        .extracting(RecordingRecord::id)
        .containsExactly(job.recordingId());
  }

  @Test
  void onlyOneOfManyConcurrentClaimsWins() throws Exception {
    RecordingJob job = job();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ClaimResult>> claims = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String owner = "pod-" + i;
        claims.add(() -> store.claim(job, owner, Duration.ofSeconds(30)));
      }
      List<ClaimResult> results = new ArrayList<>();
      for (Future<ClaimResult> f : pool.invokeAll(claims)) {
        results.add(f.get());
      }
      assertThat(results).filteredOn(r -> r == ClaimResult.CLAIMED).hasSize(1);
      assertThat(results).filteredOn(r -> r == ClaimResult.ALREADY_CLAIMED).hasSize(15);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find(job.recordingId()).orElseThrow().state())
        .isEqualTo(RecordingState.STARTING);
  }

  @Test
  void claimWorksWithoutIntakeAndRefusesAfterTheEnd() {
    RecordingJob job = job();
    assertThat(store.claim(job, "pod-1", Duration.ofSeconds(30))).isEqualTo(ClaimResult.CLAIMED);
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.RECORDING,
                "pod-1",
                RecordingUpdate.started(Instant.now())))
        .isTrue();
    assertThat(
            store.transition(
                job.recordingId(), RecordingState.FINALIZING, "pod-1", RecordingUpdate.NONE))
        .isTrue();
    RecordingOutput out =
        new RecordingOutput("file:///tmp/x.mp4", 10, 1.5, null, null, "video/mp4");
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.COMPLETED,
                "pod-1",
                RecordingUpdate.completed(Instant.now(), new RecordingProgress(1.5, 10), out)))
        .isTrue();

    RecordingRecord r = store.find(job.recordingId()).orElseThrow();
    assertThat(r.output()).isEqualTo(out);
    assertThat(r.progress()).isEqualTo(new RecordingProgress(1.5, 10));
    assertThat(store.claim(job, "pod-2", Duration.ofSeconds(30))).isEqualTo(ClaimResult.TERMINAL);
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.FAILED,
                null,
                RecordingUpdate.failed(Instant.now(), RecordingError.of(ErrorCode.INTERNAL, "x"))))
        .as("a terminal recording never moves again")
        .isFalse();
  }

  @Test
  void transitionByAnotherOwnerIsRefused() {
    RecordingJob job = job();
    store.claim(job, "pod-1", Duration.ofSeconds(30));
    assertThat(
            store.transition(
                job.recordingId(), RecordingState.RECORDING, "pod-2", RecordingUpdate.NONE))
        .isFalse();
    assertThat(store.updateProgress(job.recordingId(), "pod-2", new RecordingProgress(1, 1)))
        .isFalse();
    assertThat(store.updateProgress(job.recordingId(), "pod-1", new RecordingProgress(2, 3)))
        .isTrue();
    assertThat(store.find(job.recordingId()).orElseThrow().progress())
        .isEqualTo(new RecordingProgress(2, 3));
  }

  @Test
  void lapsedLeaseIsReapedOnceAndARenewedOneIsNot() {
    RecordingJob lost = job();
    RecordingJob alive = job();
    store.claim(lost, "pod-dead", Duration.ofMillis(1));
    store.claim(alive, "pod-live", Duration.ofMillis(1));
    assertThat(store.renewLease(alive.recordingId(), "pod-live", Duration.ofMinutes(1))).isTrue();
    assertThat(store.renewLease(alive.recordingId(), "pod-other", Duration.ofMinutes(1))).isFalse();

    sleep(20);
    assertThat(store.lapsedLeases())
        .contains(lost.recordingId())
        .doesNotContain(alive.recordingId());
    RecordingError lostError = RecordingError.of(ErrorCode.RECORDER_LOST, "lease lapsed");
    assertThat(store.failLapsed(lost.recordingId(), lostError, null)).isTrue();
    assertThat(store.failLapsed(lost.recordingId(), lostError, null)).isFalse();
    assertThat(store.failLapsed(alive.recordingId(), lostError, null)).isFalse();

    RecordingRecord r = store.find(lost.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.FAILED);
    assertThat(r.error()).isEqualTo(lostError);
    assertThat(store.lapsedLeases()).doesNotContain(lost.recordingId());
  }

  @Test
  void aLapsedRecordingIsTakenOverOnceAsItsNextSegmentWhileSegmentsAreLeft() {
    RecordingJob job = job();
    store.claim(job, "pod-dead", Duration.ofMillis(1));
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.RECORDING,
                "pod-dead",
                RecordingUpdate.started(Instant.now())))
        .isTrue();
    RecordingJob starting = job();
    store.claim(starting, "pod-dead", Duration.ofMillis(1));
    RecordingJob alive = job();
    store.claim(alive, "pod-live", Duration.ofMinutes(1));
    store.transition(
        alive.recordingId(),
        RecordingState.RECORDING,
        "pod-live",
        RecordingUpdate.started(Instant.now()));
    sleep(20);

    assertThat(store.takeOver(alive.recordingId(), "pod-b", Duration.ofMinutes(1), 3))
        .as("a live lease is not taken")
        .isZero();
    assertThat(store.takeOver(starting.recordingId(), "pod-b", Duration.ofMinutes(1), 3))
        .as("only a recording one is")
        .isZero();
    assertThat(store.takeOver(job.recordingId(), "pod-b", Duration.ofMinutes(1), 3)).isEqualTo(2);
    assertThat(store.takeOver(job.recordingId(), "pod-c", Duration.ofMinutes(1), 3))
        .as("one recorder wins")
        .isZero();
    assertThat(store.renew(job.recordingId(), "pod-dead", Duration.ofMinutes(1)))
        .as("the lost recorder, should it come back, stands down")
        .isEqualTo(LeaseRenewal.LOST);
    RecordingError error = RecordingError.of(ErrorCode.RECORDER_LOST, "lease lapsed");
    assertThat(store.failLapsed(job.recordingId(), error, null)).isFalse();

    Instant at = Instant.now();
    RecordingSegment first =
        new RecordingSegment(
            1,
            at.minusSeconds(30),
            25.5,
            new RecordingOutput("file:///a", 10, 25.5, null, null, "video/mp4"));
    assertThat(store.keepSegment(job.recordingId(), "pod-c", 2, first)).isFalse();
    assertThat(store.keepSegment(job.recordingId(), "pod-b", 1, first)).isFalse();
    assertThat(store.keepSegment(job.recordingId(), "pod-b", 2, first)).isTrue();
    assertThat(store.segmentStarted(job.recordingId(), "pod-b", 2, at)).isTrue();
    RecordingRecord taken = store.find(job.recordingId()).orElseThrow();
    assertThat(taken.state()).isEqualTo(RecordingState.RECORDING);
    assertThat(taken.owner()).isEqualTo("pod-b");
    assertThat(taken.segment()).isEqualTo(2);
    assertThat(taken.segmentStartedAt()).isEqualTo(at);
    assertThat(taken.keptSegments()).containsExactly(first);

    store.renewLease(job.recordingId(), "pod-b", Duration.ofMillis(1));
    sleep(20);
    assertThat(store.takeOver(job.recordingId(), "pod-c", Duration.ofMinutes(1), 3)).isEqualTo(3);
    store.renewLease(job.recordingId(), "pod-c", Duration.ofMillis(1));
    sleep(20);
    assertThat(store.takeOver(job.recordingId(), "pod-d", Duration.ofMinutes(1), 3))
        .as("three segments at most")
        .isZero();
    assertThat(store.lapsedFor(job.recordingId()))
        .hasValueSatisfying(d -> assertThat(d).isPositive());
    assertThat(store.lapsedFor(alive.recordingId())).isEmpty();
    assertThat(store.failLapsed(job.recordingId(), error, null, Duration.ofMinutes(1)))
        .as("not lapsed for a minute yet")
        .isFalse();
    assertThat(store.failLapsed(job.recordingId(), error, null, Duration.ofMillis(10))).isTrue();
  }

  @Test
  void terminalTransitionsStoreTheirOutboxEntryOnlyWhenTheyWin() {
    RecordingJob job = job();
    store.claim(job, "pod-1", Duration.ofSeconds(30));
    RecordingError error = RecordingError.of(ErrorCode.CAPTURE_FAILED, "x");
    OutboxEntry won = new OutboxEntry("evt_won_" + job.recordingId(), "{\"won\":true}");
    OutboxEntry lost = new OutboxEntry("evt_lost_" + job.recordingId(), "{\"won\":false}");
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.FAILED,
                "pod-1",
                RecordingUpdate.failed(Instant.now(), error),
                won))
        .isTrue();
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.FAILED,
                null,
                RecordingUpdate.failed(Instant.now(), error),
                lost))
        .isFalse();
    assertThat(connection.sync().hget(RecordingStore.OUTBOX, won.eventId()))
        .isEqualTo("{\"won\":true}");
    assertThat(connection.sync().hexists(RecordingStore.OUTBOX, lost.eventId())).isFalse();

    RecordingJob lapsed = job();
    store.claim(lapsed, "pod-dead", Duration.ofMillis(1));
    OutboxEntry reaped = new OutboxEntry("evt_reaped_" + lapsed.recordingId(), "{}");
    sleep(20);
    assertThat(store.failLapsed(lapsed.recordingId(), error, reaped)).isTrue();
    OutboxEntry again = new OutboxEntry("evt_again_" + lapsed.recordingId(), "{}");
    assertThat(store.failLapsed(lapsed.recordingId(), error, again)).isFalse();
    assertThat(connection.sync().hexists(RecordingStore.OUTBOX, reaped.eventId())).isTrue();
    assertThat(connection.sync().hexists(RecordingStore.OUTBOX, again.eventId())).isFalse();

    RecordingJob unseen = job();
    OutboxEntry expired = new OutboxEntry("evt_expired_" + unseen.recordingId(), "{}");
    assertThat(store.expire(unseen, RecordingError.of(ErrorCode.EXPIRED, "late"), expired))
        .isTrue();
    assertThat(connection.sync().hexists(RecordingStore.OUTBOX, expired.eventId())).isTrue();
    connection
        .sync()
        .hdel(RecordingStore.OUTBOX, won.eventId(), reaped.eventId(), expired.eventId());
  }

  @Test
  void expireWritesAJobNobodyQueuedAndLeavesAClaimedOneAlone() {
    RecordingJob unseen = job();
    RecordingError expired = RecordingError.of(ErrorCode.EXPIRED, "not started before expiresAt");
    assertThat(store.expire(unseen, expired)).isTrue();
    assertThat(store.find(unseen.recordingId()).orElseThrow().state())
        .isEqualTo(RecordingState.EXPIRED);
    assertThat(store.expire(unseen, expired)).isFalse();

    RecordingJob claimed = job();
    store.claim(claimed, "pod-1", Duration.ofSeconds(30));
    assertThat(store.expire(claimed, expired)).isFalse();
  }

  @Test
  void stopRequestIsFlaggedAndPublishedToTheOwner() throws Exception {
    RecordingJob job = job();
    store.claim(job, "pod-1", Duration.ofSeconds(30));
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
    try {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              heard.add(message);
            }
          });
      sub.sync().subscribe(RecordingStore.STOP_CHANNEL);

      assertThat(store.requestStop(job.recordingId())).isEqualTo(StopResult.REQUESTED);
      assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(job.recordingId());
      assertThat(store.find(job.recordingId()).orElseThrow().stopRequested()).isTrue();
      assertThat(store.requestStop("rec_missing")).isEqualTo(StopResult.MISSING);
    } finally {
      sub.close();
    }
  }

  @Test
  void leasesAreMeasuredWithTheServersClockWhateverTheRecordersClocksSay() {
    // Two recorders 60 s apart: one claims, the other reaps. Neither clock enters the lease.
    RecordingStore behind =
        new RecordingStore(
            connection.sync(),
            ObjectMapper.getDefault(),
            Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-60)));
    RecordingStore ahead =
        new RecordingStore(
            connection.sync(),
            ObjectMapper.getDefault(),
            Clock.offset(Clock.systemUTC(), Duration.ofSeconds(60)));
    RecordingJob live = job();
    assertThat(behind.claim(live, "pod-behind", Duration.ofSeconds(30)))
        .isEqualTo(ClaimResult.CLAIMED);
    assertThat(ahead.lapsedLeases()).doesNotContain(live.recordingId());
    assertThat(
            ahead.failLapsed(
                live.recordingId(), RecordingError.of(ErrorCode.RECORDER_LOST, "x"), null))
        .isFalse();
    assertThat(behind.renewLease(live.recordingId(), "pod-behind", Duration.ofSeconds(30)))
        .isTrue();
    assertThat(ahead.find(live.recordingId()).orElseThrow().state())
        .isEqualTo(RecordingState.STARTING);

    RecordingJob dead = job();
    ahead.claim(dead, "pod-ahead", Duration.ofMillis(1));
    sleep(20);
    assertThat(behind.lapsedLeases()).contains(dead.recordingId());
    assertThat(
            behind.failLapsed(
                dead.recordingId(), RecordingError.of(ErrorCode.RECORDER_LOST, "x"), null))
        .isTrue();
  }

  @Test
  void aRecordingTheStoreLostIsReassertedByItsOwnerOnlyWhereNoRecordExists() {
    RecordingJob job = job();
    store.create(job, "client-a");
    store.claim(job, "pod-1", Duration.ofSeconds(30));
    Instant started = Instant.now();
    store.transition(
        job.recordingId(), RecordingState.RECORDING, "pod-1", RecordingUpdate.started(started));
    assertThat(
            store.reassert(
                job, "pod-2", RecordingState.RECORDING, started, null, Duration.ofSeconds(30)))
        .as("a record exists: its owner stays")
        .isFalse();

    // What a redis-server restarted without persistence remembers of it: nothing.
    connection.sync().del(RecordingStore.recordKey(job.recordingId()));
    connection.sync().zrem("meetrec:leases", job.recordingId());
    assertThat(store.renew(job.recordingId(), "pod-1", Duration.ofSeconds(30)))
        .isEqualTo(LeaseRenewal.MISSING);
    assertThat(
            store.reassert(
                job,
                "pod-1",
                RecordingState.RECORDING,
                started,
                "client-a",
                Duration.ofSeconds(30)))
        .isTrue();

    RecordingRecord r = store.find(job.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.RECORDING);
    assertThat(r.owner()).isEqualTo("pod-1");
    assertThat(r.job()).isEqualTo(job);
    assertThat(r.clientId()).isEqualTo("client-a");
    assertThat(r.startedAt()).isEqualTo(started);
    assertThat(store.listByConference("client-a", job.conferenceId(), 10, null).records())
        .extracting(RecordingRecord::id)
        .contains(job.recordingId());
    assertThat(store.renew(job.recordingId(), "pod-1", Duration.ofSeconds(30)))
        .isEqualTo(LeaseRenewal.RENEWED);
    assertThat(store.renew(job.recordingId(), "pod-2", Duration.ofSeconds(30)))
        .isEqualTo(LeaseRenewal.LOST);
  }

  @Test
  void aStateWriteRepeatedByItsOwnerAfterAnUnknownOutcomeFindsItsOwnResult() {
    RecordingJob job = job();
    store.claim(job, "pod-1", Duration.ofSeconds(30));
    RecordingUpdate started = RecordingUpdate.started(Instant.now());
    assertThat(store.transition(job.recordingId(), RecordingState.RECORDING, "pod-1", started))
        .isTrue();
    assertThat(store.transition(job.recordingId(), RecordingState.RECORDING, "pod-1", started))
        .as("the same write again, as after a timeout")
        .isTrue();
    assertThat(store.transition(job.recordingId(), RecordingState.RECORDING, "pod-2", started))
        .isFalse();
    store.transition(job.recordingId(), RecordingState.FINALIZING, "pod-1", RecordingUpdate.NONE);

    OutboxEntry event = new OutboxEntry("evt_done_" + job.recordingId(), "{}");
    RecordingUpdate failed =
        RecordingUpdate.failed(Instant.now(), RecordingError.of(ErrorCode.INTERNAL, "x"));
    assertThat(store.transition(job.recordingId(), RecordingState.FAILED, "pod-1", failed, event))
        .isTrue();
    assertThat(store.transition(job.recordingId(), RecordingState.FAILED, "pod-1", failed, event))
        .as("the same terminal event: it is this write's own result")
        .isTrue();
    OutboxEntry other = new OutboxEntry("evt_other_" + job.recordingId(), "{}");
    assertThat(store.transition(job.recordingId(), RecordingState.FAILED, "pod-1", failed, other))
        .as("another terminal event never wins twice")
        .isFalse();
    assertThat(connection.sync().hexists(RecordingStore.OUTBOX, other.eventId())).isFalse();
    connection.sync().hdel(RecordingStore.OUTBOX, event.eventId());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
