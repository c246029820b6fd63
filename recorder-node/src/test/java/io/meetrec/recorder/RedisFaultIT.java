package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.recorder.drain.Drain;
import io.meetrec.recorder.drain.DrainConfiguration;
import io.meetrec.recorder.events.EventPublisher;
import io.meetrec.recorder.job.JobConfiguration;
import io.meetrec.recorder.lease.LeaseConfiguration;
import io.meetrec.recorder.lease.LeaseReaper;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.recorder.session.SessionServices;
import io.meetrec.recorder.session.SlotsChanged;
import io.meetrec.recorder.testing.FakeCapture;
import io.meetrec.recorder.testing.FlakyRecordingStore;
import io.meetrec.recorder.testing.FlakyRecordingStore.Fault;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.recorder.upload.FlakyUploadTarget;
import io.meetrec.recorder.upload.LocalDirectoryUploadTarget;
import io.meetrec.recorder.upload.UploadConfiguration;
import io.meetrec.recorder.upload.UploadTarget;
import io.meetrec.recorder.upload.UploadTargetFactory;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.RestartableRedis;
import io.meetrec.testing.TcpProxy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Redis and the bucket failing under a running recording, against a real redis-server of this
 * test's own (restartable, no persistence) reached through a TCP proxy that can cut it off, the
 * real Pub/Sub emulator, and a capture that writes real AAC files ({@link FakeCapture}). All the
 * while a second recorder's reaper, its clock 60 s ahead and its connection direct (so it sees
 * Redis when the recorder does not), tries to reap every half second.
 *
 * <p>Each test asserts what the customer is promised: exactly one terminal state, exactly one
 * terminal event, the media kept; and prints the seconds lost (requested minus recorded).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFaultIT implements TestPropertyProvider {

  @Factory
  @Requires(property = "spec.name", value = "RedisFaultIT")
  static class Faults {
    @Singleton
    @Replaces(RecordingStore.class)
    FlakyRecordingStore store(StatefulRedisConnection<String, String> connection, JsonMapper json) {
      return new FlakyRecordingStore(connection, json);
    }

    @Singleton
    @Replaces(bean = UploadTarget.class, factory = UploadTargetFactory.class)
    FlakyUploadTarget uploads(UploadConfiguration config) {
      return new FlakyUploadTarget(new LocalDirectoryUploadTarget(Path.of(config.directory())), 0);
    }
  }

  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final RecorderFixture world = new RecorderFixture();
  private RestartableRedis redis;
  private TcpProxy proxy;
  private RedisClient direct;
  private RecordingStore observer;
  private LeaseReaper skewedReaper;
  private final List<String> reapedBySkewed = new CopyOnWriteArrayList<>();
  private volatile boolean reaping = true;
  private Thread reaperThread;

  @Inject JsonMapper json;
  @Inject FlakyRecordingStore store;
  @Inject FlakyUploadTarget uploads;
  @Inject FakeCapture capture;
  @Inject EventPublisher events;
  @Inject RecorderMetrics metrics;
  @Inject SessionServices services;
  @Inject ApplicationEventPublisher<SlotsChanged> slotEvents;

  @Inject
  @Named(TaskExecutors.SCHEDULED)
  TaskScheduler scheduler;

  @Override
  public Map<String, String> getProperties() {
    redis = RestartableRedis.start();
    proxy = TcpProxy.to(redis.port());
    Map<String, String> p = new HashMap<>(world.properties("fault-recorder"));
    p.put("spec.name", "RedisFaultIT");
    p.put("meetrec.test.fake-capture", "true");
    p.put("redis.uri", "redis://127.0.0.1:" + proxy.port());
    // A lease longer than the 45 s cut-off plus a renewal, as the production default is sized.
    p.put("meetrec.recorder.lease.ttl", LEASE.toSeconds() + "s");
    p.put("meetrec.recorder.store.command-timeout", "2s");
    p.put("meetrec.recorder.upload.max-backoff", "5s");
    p.put("meetrec.recorder.events.outbox-every", "1s");
    return p;
  }

  @BeforeAll
  void secondRecorder() {
    direct = RedisClient.create(redis.uri());
    observer = new RecordingStore(direct.connect().sync(), json, Clock.systemUTC());
    RecordingStore skewed =
        new RecordingStore(direct.connect().sync(), json, Clock.offset(Clock.systemUTC(), SKEW));
    // Recorder B: no sessions of its own, a clock a minute ahead, Redis reached directly.
    SessionManager none = new SessionManager(services, slotEvents);
    skewedReaper =
        new LeaseReaper(
            skewed,
            new RecordingOutcomes(
                events, skewed, metrics, new RecorderConfiguration("skewed-b", "/tmp", null)),
            none,
            services,
            new LeaseConfiguration(
                LEASE, Duration.ofSeconds(1), Duration.ofDays(1), true, Duration.ZERO, 1),
            new JobConfiguration("none", Duration.ofSeconds(1), false),
            new Drain(none, new DrainConfiguration(Duration.ofHours(4))),
            scheduler);
    reaperThread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (reaping) {
                    try {
                      reapedBySkewed.addAll(skewedReaper.reap());
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      // Redis restarting under it; B keeps trying like a real reaper.
                    }
                  }
                });
  }

  @AfterAll
  void stop() throws InterruptedException {
    reaping = false;
    reaperThread.join(5000);
    direct.shutdown();
    proxy.close();
    redis.close();
  }

  private RecordingJob job(int seconds) {
    return world.audioJob("http://127.0.0.1:9/meeting", seconds);
  }

  private void awaitRecording(RecordingJob job) {
    RecorderFixture.await(
        Duration.ofSeconds(60),
        job.recordingId() + " to record",
        () ->
            observer
                .find(job.recordingId())
                .map(r -> r.state() == RecordingState.RECORDING)
                .orElse(false));
  }

  /**
   * Exactly one terminal state (completed), exactly one terminal event after started, the media in
   * the bucket and as long as asked; returns the seconds lost.
   */
  private double assertCompletedOnceWithItsMedia(RecordingJob job, Duration within, String fault)
      throws Exception {
    RecordingRecord done = StoreWaits.awaitState(observer, job, RecordingState.COMPLETED, within);
    // Time for any duplicate (a second ending, a republished event) to show up.
    Thread.sleep(3000);
    List<String> types =
        RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 3));
    assertThat(types)
        .as("events of " + fault)
        .containsExactly("recording.started", "recording.completed");
    assertThat(observer.find(job.recordingId()).orElseThrow().state())
        .isEqualTo(RecordingState.COMPLETED);
    Path media = world.uploadedMedia(job);
    assertThat(media).exists();
    assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes());
    double recorded = MediaFiles.probe(Ffmpeg.get(), media).durationSeconds();
    double lost = Math.max(0, job.maxDurationSeconds() - recorded);
    System.out.printf(
        "seconds lost to %s: %.2f (asked %d s, media %.2f s)%n",
        fault, lost, job.maxDurationSeconds(), recorded);
    assertThat(lost).as("seconds lost to " + fault).isLessThan(1.0);
    assertThat(recorded)
        .as("capture stops at the job's end, whatever the store does meanwhile")
        .isLessThan(job.maxDurationSeconds() + 2.0);
    assertThat(world.workDir.resolve(job.recordingId()).resolve("recording.m4a"))
        .as("the spool copy goes once the upload is verified")
        .doesNotExist();
    assertThat(reapedBySkewed)
        .as("the skewed reaper never reaps a live recording")
        .doesNotContain(job.recordingId());
    return lost;
  }

  @Test
  void redisRestartedWithoutPersistenceMidRecording() throws Exception {
    RecordingJob job = job(12);
    world.publish(json, job);
    awaitRecording(job);
    Thread.sleep(3000);

    redis.restartEmpty();
    RecorderFixture.await(
        Duration.ofSeconds(20),
        "the recorder to re-assert the recording",
        () -> {
          try {
            return observer.find(job.recordingId()).isPresent();
          } catch (RuntimeException reconnecting) {
            return false;
          }
        });
    RecordingRecord back = observer.find(job.recordingId()).orElseThrow();
    assertThat(back.owner()).isEqualTo("fault-recorder");
    assertThat(back.job()).isEqualTo(job);
    assertThat(back.state()).isIn(RecordingState.RECORDING, RecordingState.FINALIZING);

    assertCompletedOnceWithItsMedia(job, Duration.ofSeconds(60), "redis restart");
  }

  @Test
  void redisUnreachableFor45SecondsMidRecording() throws Exception {
    // The job's end (20 s) falls inside the cut-off: finalizing waits for Redis to come back.
    RecordingJob job = job(20);
    world.publish(json, job);
    awaitRecording(job);
    Thread.sleep(3000);

    proxy.drop();
    try {
      Thread.sleep(45_000);
    } finally {
      proxy.pass();
    }

    assertCompletedOnceWithItsMedia(job, Duration.ofSeconds(60), "redis unreachable 45 s");
  }

  @ParameterizedTest(name = "{0} write {1}")
  @CsvSource({
    "RECORDING,LOST",
    "RECORDING,UNHEARD",
    "FINALIZING,LOST",
    "FINALIZING,UNHEARD",
    "COMPLETED,LOST",
    "COMPLETED,UNHEARD"
  })
  void aStoreTransitionFailingOnce(RecordingState state, Fault fault) throws Exception {
    int before = store.injected.get();
    RecordingJob job = job(3);
    store.failOnce(job.recordingId(), state, fault);
    world.publish(json, job);

    assertCompletedOnceWithItsMedia(
        job, Duration.ofSeconds(60), state.wireName() + " write " + fault.name().toLowerCase());
    assertThat(store.injected.get() - before).isEqualTo(1);
  }

  @Test
  void aSecondRecorderWithItsClock60SecondsAheadReapsOnlyALeaseThatLapsedOnTheServer()
      throws Exception {
    // A live recording, renewed by its owner: B's reaper (running all along) leaves it alone.
    RecordingJob live = job(8);
    world.publish(json, live);
    assertCompletedOnceWithItsMedia(live, Duration.ofSeconds(60), "60 s clock skew");

    // A recording whose owner is gone: it lapses by the server's clock, not B's.
    RecordingJob orphan = job(30);
    observer.claim(orphan, "pod-gone", Duration.ofSeconds(4));
    Thread.sleep(2000);
    assertThat(observer.find(orphan.recordingId()).orElseThrow().state())
        .as("not reaped before its lease lapsed on the server")
        .isEqualTo(RecordingState.STARTING);
    RecordingRecord failed =
        StoreWaits.awaitState(observer, orphan, RecordingState.FAILED, Duration.ofSeconds(20));
    assertThat(failed.error().code()).isEqualTo("recorder_lost");
    Thread.sleep(3000);
    assertThat(RecorderFixture.types(world.events(orphan.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.failed");
  }

  @Test
  void uploadsFailingForTwoMinutesThenRecovering() throws Exception {
    int storedBefore = uploads.stored.get();
    RecordingJob job = job(4);
    world.publish(json, job);
    awaitRecording(job);
    uploads.failFor(Duration.ofMinutes(2));
    long start = System.nanoTime();

    assertCompletedOnceWithItsMedia(job, Duration.ofMinutes(4), "uploads down 2 min");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMinutes(2));
    assertThat(uploads.refused.get()).isGreaterThan(5);
    assertThat(uploads.stored.get() - storedBefore)
        .as("media and metadata, once each")
        .isEqualTo(2);
  }
}
