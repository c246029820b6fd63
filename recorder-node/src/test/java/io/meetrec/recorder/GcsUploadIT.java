package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.recorder.upload.Checksums;
import io.meetrec.recorder.upload.GcsUploadTarget;
import io.meetrec.recorder.upload.UploadTarget;
import io.meetrec.recorder.upload.UploadTargetFactory;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A job recorded with the real media pipeline (one slot, small picture) into a Cloud Storage path.
 * No offline GCS server exists, so the storage is google-cloud-nio's in-process {@code
 * LocalStorageHelper}, behind the real {@link GcsUploadTarget}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsUploadIT implements TestPropertyProvider {

  static final String BUCKET = "meetrec-recordings-it";

  @Factory
  @Requires(property = "spec.name", value = "GcsUploadIT")
  static class InProcessStorage {
    @Singleton
    Storage storage() {
      return LocalStorageHelper.getOptions().getService();
    }

    @Singleton
    @Replaces(bean = UploadTarget.class, factory = UploadTargetFactory.class)
    UploadTarget gcs(Storage storage) {
      return new GcsUploadTarget(storage, BUCKET);
    }
  }

  private final RecorderFixture world = new RecorderFixture();
  private DemoMeeting meeting;

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject Storage storage;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("gcs-recorder"));
    // Display 231 and port 9431: unused by every other test class and bench.
    p.putAll(world.realMediaProperties(1, 231, 9431));
    meeting = DemoMeeting.start();
    p.put("spec.name", "GcsUploadIT");
    p.put("meetrec.recorder.upload.target", "gcs");
    p.put("meetrec.recorder.upload.bucket", BUCKET);
    return p;
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  @Test
  void publishedJobIsUploadedToTheBucketLayoutWithMetadata() throws Exception {
    RecordingJob job = world.smallJob(meeting.url("participants=3").toString(), 2);
    world.publish(json, job);

    RecordingRecord done =
        StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(90));

    String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
    assertThat(done.output().uri()).isEqualTo("gs://" + BUCKET + "/" + prefix + "recording.mp4");
    byte[] media = storage.readAllBytes(BlobId.of(BUCKET, prefix + "recording.mp4"));
    assertThat(media).hasSize((int) done.output().sizeBytes());
    assertThat(Checksums.of(media).crc32cBase64()).isEqualTo(done.output().crc32c());
    Path copy = world.root.resolve("from-bucket.mp4");
    Files.write(copy, media);
    assertThat(MediaFiles.probe(Ffmpeg.get(), copy).streams())
        .extracting(s -> s.info().kind() + "/" + s.info().codec())
        .containsExactlyInAnyOrder("video/h264", "audio/aac");
    String metadata =
        new String(storage.readAllBytes(BlobId.of(BUCKET, prefix + StorageLayout.METADATA_FILE)));
    assertThat(metadata).contains(job.recordingId(), "\"team\":\"recorder-it\"");
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.started", "recording.completed");
  }
}
