package io.meetrec.recorder.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.StorageLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderTest {

  @TempDir Path dir;

  private final JsonMapper json = JsonMapper.createDefault();
  private final RecordingJob job =
      new RecordingJob(
          1,
          "rec_upload1",
          "https://meet.example.com/x",
          "conf-1",
          60,
          null,
          false,
          null,
          Map.of(),
          Instant.parse("2026-03-04T10:00:00Z"),
          Instant.parse("2026-03-04T10:10:00Z"));

  private Uploader uploader(UploadTarget target, Duration budget) {
    return new Uploader(
        target,
        new UploadConfiguration(
            "local",
            null,
            dir.toString(),
            budget,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ZERO),
        new RecorderMetrics(new SimpleMeterRegistry()),
        json);
  }

  private Path recorded() throws Exception {
    Path file = Files.createDirectories(dir.resolve("work")).resolve("recording.mp4");
    byte[] content = new byte[300_000];
    ThreadLocalRandom.current().nextBytes(content);
    Files.write(file, content);
    return file;
  }

  @Test
  void storesMediaAndMetadataInTheLayoutAndDeletesTheVerifiedLocalFile() throws Exception {
    Path uploads = dir.resolve("uploads");
    Path file = recorded();
    Checksums local = Checksums.of(file);

    RecordingOutput out =
        uploader(new LocalDirectoryUploadTarget(uploads), Duration.ofSeconds(10))
            .upload(job, file, 12.5, Map.of());

    Path stored = uploads.resolve("2026/03/04/rec_upload1/recording.mp4");
    assertThat(out.uri()).isEqualTo(stored.toUri().toString());
    assertThat(Checksums.of(stored)).isEqualTo(local);
    assertThat(out.crc32c()).isEqualTo(local.crc32cBase64());
    assertThat(out.md5Base64()).isEqualTo(local.md5Base64());
    assertThat(out.contentType()).isEqualTo("video/mp4");
    assertThat(Files.readString(stored.resolveSibling(StorageLayout.METADATA_FILE)))
        .contains("\"recordingId\":\"rec_upload1\"", "\"durationSeconds\":12.5");
    assertThat(file).doesNotExist();
    try (var left = Files.list(stored.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()).toList())
          .as("no temporary file stays behind")
          .containsExactlyInAnyOrder("recording.mp4", "metadata.json");
    }
  }

  @Test
  void retriesARefusingTargetAndStoresEachObjectOnce() throws Exception {
    FlakyUploadTarget flaky =
        new FlakyUploadTarget(new LocalDirectoryUploadTarget(dir.resolve("up")), 3);
    Path file = recorded();

    uploader(flaky, Duration.ofSeconds(10)).upload(job, file, 1, Map.of());

    assertThat(flaky.refused).hasValue(3);
    assertThat(flaky.stored).as("media once, metadata once").hasValue(2);
    assertThat(file).doesNotExist();
  }

  @Test
  void keepsTheFileAndFailsWithUploadFailedWhenEveryAttemptFails() throws Exception {
    FlakyUploadTarget flaky =
        new FlakyUploadTarget(new LocalDirectoryUploadTarget(dir.resolve("up")), 100);
    Path file = recorded();

    assertThatThrownBy(() -> uploader(flaky, Duration.ofMillis(300)).upload(job, file, 1, Map.of()))
        .isInstanceOfSatisfying(
            RecordingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_FAILED));
    assertThat(file).exists();
    assertThat(flaky.stored).hasValue(0);
  }

  @Test
  void doesNotUploadAgainWhatAnEarlierAttemptAlreadyStored() throws Exception {
    LocalDirectoryUploadTarget real = new LocalDirectoryUploadTarget(dir.resolve("up"));
    Path file = recorded();
    real.put("2026/03/04/rec_upload1/recording.mp4", file, "video/mp4");
    FlakyUploadTarget counting = new FlakyUploadTarget(real, 0);

    uploader(counting, Duration.ofSeconds(10)).upload(job, file, 1, Map.of());

    assertThat(counting.stored).as("only metadata.json is written").hasValue(1);
  }

  @Test
  void waitsOutATargetThatIsDownForAWhileInsteadOfFailing() throws Exception {
    // Two minutes of outage against a 15-minute budget, compressed 60-fold: 2 s down, 15 s budget.
    FlakyUploadTarget flaky =
        new FlakyUploadTarget(new LocalDirectoryUploadTarget(dir.resolve("up")), 0);
    flaky.failFor(Duration.ofSeconds(2));
    Path file = recorded();

    RecordingOutput out = uploader(flaky, Duration.ofSeconds(15)).upload(job, file, 1, Map.of());

    assertThat(flaky.refused.get()).isGreaterThan(3);
    assertThat(flaky.stored).as("media once, metadata once").hasValue(2);
    assertThat(out.sizeBytes()).isEqualTo(300_000);
    assertThat(file).doesNotExist();
  }

  @Test
  void stopsRetryingOnceTheCallerNoLongerHoldsTheRecording() throws Exception {
    FlakyUploadTarget flaky =
        new FlakyUploadTarget(new LocalDirectoryUploadTarget(dir.resolve("up")), 1000);
    Path file = recorded();
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();

    assertThatThrownBy(
            () ->
                uploader(flaky, Duration.ofMinutes(10))
                    .upload(job, file, 1, Map.of(), () -> asked.incrementAndGet() < 3))
        .isInstanceOfSatisfying(
            RecordingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_FAILED));
    assertThat(flaky.refused).hasValue(3);
    assertThat(file).as("kept for the start-up sweep").exists();
  }
}
