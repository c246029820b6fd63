package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.meetrec.recorder.testing.FakeCapture;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A recorder that restarts on the same volume (a killed container, restarted by the kubelet)
 * uploads what the previous run left in its work directory: a recording it was still recording ends
 * {@code failed} with {@code recorder_lost} and points at its uploaded media; one that had ended
 * without its media (upload budget spent) gets its media's location.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PendingUploadSweepIT implements TestPropertyProvider {

  private static final String OWNER = "sweep-recorder";

  private final RecorderFixture world = new RecorderFixture();
  private final JsonMapper json = JsonMapper.createDefault();
  private RedisClient client;
  private RecordingStore store;
  private RecordingJob killed;
  private RecordingJob outOfBudget;

  @Override
  public Map<String, String> getProperties() {
    client = RedisClient.create(world.redis.uri());
    store = new RecordingStore(client.connect().sync(), json, Clock.systemUTC());
    // What the previous run of this recorder left: one recording cut off mid-way, one failed
    // upload; both with their job and media in the spool.
    killed = world.audioJob("http://127.0.0.1:9/meeting", 60);
    store.claim(killed, OWNER, Duration.ofMinutes(5));
    store.transition(
        killed.recordingId(),
        RecordingState.RECORDING,
        OWNER,
        RecordingUpdate.started(Instant.now()));
    spool(killed, 6);
    outOfBudget = world.audioJob("http://127.0.0.1:9/meeting", 3);
    store.claim(outOfBudget, OWNER, Duration.ofMinutes(5));
    store.transition(
        outOfBudget.recordingId(),
        RecordingState.FAILED,
        null,
        RecordingUpdate.failed(
            Instant.now(), RecordingError.of(ErrorCode.UPLOAD_FAILED, "bucket away for an hour")));
    spool(outOfBudget, 3);

    Map<String, String> p = new HashMap<>(world.properties(OWNER));
    p.put("meetrec.test.fake-capture", "true");
    return p;
  }

  private void spool(RecordingJob job, double seconds) {
    try {
      Path dir = Files.createDirectories(world.workDir.resolve(job.recordingId()));
      FakeCapture.write(dir.resolve("recording.m4a"), seconds);
      Files.write(dir.resolve("job.json"), json.writeValueAsBytes(job));
      // Written by the run before this one, i.e. before this process started.
      Files.setLastModifiedTime(
          dir.resolve("job.json"),
          java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  void close() {
    client.shutdown();
  }

  @Test
  void mediaLeftByAKilledRunIsUploadedAndTheRecordingPointsAtIt() throws Exception {
    RecordingRecord failed =
        StoreWaits.awaitState(store, killed, RecordingState.FAILED, Duration.ofSeconds(60));
    assertThat(failed.error().code()).isEqualTo("recorder_lost");
    Path media = world.uploadedMedia(killed);
    assertThat(media).exists();
    assertThat(failed.output()).isNotNull();
    assertThat(failed.output().uri()).isEqualTo(media.toUri().toString());
    assertThat(failed.output().sizeBytes()).isEqualTo(Files.size(media));
    RecorderFixture.await(
        Duration.ofSeconds(10),
        "the spool directory to go",
        () -> !Files.exists(world.workDir.resolve(killed.recordingId())));
    var events = world.events(killed.recordingId(), Duration.ofSeconds(15), 1);
    Thread.sleep(2000);
    events = world.events(killed.recordingId(), Duration.ofSeconds(1), 2);
    assertThat(RecorderFixture.types(events)).containsExactly("recording.failed");
    assertThat(events.get(0).getMessage().getData().toStringUtf8())
        .contains("partialMedia")
        .contains(media.toUri().toString());
  }

  @Test
  void aRecordingThatFailedItsUploadGetsItsMediaAfterTheRestart() {
    RecorderFixture.await(
        Duration.ofSeconds(60),
        "the failed upload's media to be recorded",
        () -> store.find(outOfBudget.recordingId()).orElseThrow().output() != null);
    RecordingRecord r = store.find(outOfBudget.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.FAILED);
    assertThat(r.error().code()).isEqualTo("upload_failed");
    assertThat(world.uploadedMedia(outOfBudget)).exists();
    assertThat(r.output().uri()).isEqualTo(world.uploadedMedia(outOfBudget).toUri().toString());
  }
}
