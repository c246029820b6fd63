package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.recorder.upload.FlakyUploadTarget;
import io.meetrec.recorder.upload.LocalDirectoryUploadTarget;
import io.meetrec.recorder.upload.UploadConfiguration;
import io.meetrec.recorder.upload.UploadTarget;
import io.meetrec.recorder.upload.UploadTargetFactory;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Uploads through a target that refuses writes for a while, as a briefly unreachable bucket. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadRetryIT implements TestPropertyProvider {

  @Factory
  @Requires(property = "spec.name", value = "UploadRetryIT")
  static class FlakyTargetFactory {
    @Singleton
    @Replaces(bean = UploadTarget.class, factory = UploadTargetFactory.class)
    FlakyUploadTarget flaky(UploadConfiguration config) {
      return new FlakyUploadTarget(new LocalDirectoryUploadTarget(Path.of(config.directory())), 0);
    }
  }

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject FlakyUploadTarget target;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("upload-retry-recorder"));
    p.put("meetrec.test.capture", "scripted");
    p.put("spec.name", "UploadRetryIT");
    p.put("meetrec.recorder.upload.attempts", "4");
    p.put("meetrec.recorder.upload.initial-backoff", "300ms");
    return p;
  }

  @Test
  void recordingCompletesAfterRefusedWritesWithEachObjectStoredOnce() throws Exception {
    target.failNext(3);
    int storedBefore = target.stored.get();
    RecordingJob job = world.job("https://meeting.example.test/room", 2);
    world.publish(json, job);

    RecordingRecord done =
        StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(30));

    assertThat(target.refused.get()).isGreaterThanOrEqualTo(3);
    assertThat(target.stored.get() - storedBefore).as("media and metadata, once each").isEqualTo(2);
    Path media =
        world
            .uploadDir
            .resolve(StorageLayout.prefix(job.recordingId(), job.requestedAt()))
            .resolve("recording.mp4");
    assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes());
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.started", "recording.completed");
  }

  @Test
  void uploadThatKeepsFailingEndsFailedWithTheFileKept() throws Exception {
    target.failNext(1000);
    try {
      RecordingJob job = world.job("https://meeting.example.test/room", 2);
      world.publish(json, job);

      RecordingRecord failed =
          StoreWaits.awaitState(store, job, RecordingState.FAILED, Duration.ofSeconds(30));

      assertThat(failed.error().code()).isEqualTo("upload_failed");
      Path kept = world.workDir.resolve(job.recordingId()).resolve("recording.mp4");
      assertThat(kept).exists();
      assertThat(Files.size(kept)).isPositive();
      assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
          .containsExactly("recording.started", "recording.failed");
    } finally {
      target.failNext(0);
    }
  }
}
