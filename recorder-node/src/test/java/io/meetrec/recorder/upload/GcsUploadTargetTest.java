package io.meetrec.recorder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cloud Storage target through google-cloud-nio's in-process storage. */
class GcsUploadTargetTest {

  @TempDir Path dir;

  @Test
  void uploadsAFileAndReportsChecksumsOfWhatWasStored() throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    GcsUploadTarget target = new GcsUploadTarget(storage, "meetrec-recordings");
    Path file = dir.resolve("recording.mp4");
    byte[] content = new byte[1_500_000];
    ThreadLocalRandom.current().nextBytes(content);
    Files.write(file, content);

    StoredObject stored = target.put("2026/01/02/rec_x/recording.mp4", file, "video/mp4");

    assertThat(stored.uri()).isEqualTo("gs://meetrec-recordings/2026/01/02/rec_x/recording.mp4");
    assertThat(stored.matches(Checksums.of(file))).isTrue();
    assertThat(
            storage.readAllBytes(BlobId.of("meetrec-recordings", "2026/01/02/rec_x/recording.mp4")))
        .isEqualTo(content);
    Checksums local = Checksums.of(file);
    assertThat(target.find("2026/01/02/rec_x/recording.mp4"))
        .hasValueSatisfying(o -> assertThat(o.matches(local)).isTrue());
    assertThat(target.find("2026/01/02/rec_x/missing.mp4")).isEmpty();
  }
}
