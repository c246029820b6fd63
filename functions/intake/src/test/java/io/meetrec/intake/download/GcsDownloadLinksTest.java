package io.meetrec.intake.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.meetrec.shared.recording.RecordingOutput;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links are signed (V4, locally with a key of the test's own: no network) only for objects in the
 * recordings bucket under the recording's own prefix: a record that points anywhere else, as a
 * tampered store could, gets no link.
 */
class GcsDownloadLinksTest {

  private static final String BUCKET = "proj-meetrec-recordings";
  private static final String PREFIX = "2026/12/04/rec_a/";

  private GcsDownloadLinks links;

  @BeforeEach
  void signer() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("intake@proj.iam.gserviceaccount.com")
            .setPrivateKey(rsa.generateKeyPair().getPrivate())
            .setProjectId("proj")
            .build();
    Storage storage =
        StorageOptions.newBuilder()
            .setProjectId("proj")
            .setCredentials(credentials)
            .build()
            .getService();
    links =
        new GcsDownloadLinks(
            new DownloadConfiguration("gcs", Duration.ofMinutes(15), BUCKET), storage);
  }

  @Test
  void signsTheRecordingsOwnObjectInTheRecordingsBucket() {
    var link = links.linkFor(output("gs://" + BUCKET + "/" + PREFIX + "recording.mp4"), PREFIX);

    assertThat(link).isPresent();
    assertThat(link.get().url())
        .startsWith("https://storage.googleapis.com/" + BUCKET + "/" + PREFIX + "recording.mp4?")
        .contains("X-Goog-Signature=");
    assertThat(link.get().expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
  }

  @Test
  void refusesAnotherBucket() {
    assertThat(links.linkFor(output("gs://someone-elses-bucket/" + PREFIX + "x.mp4"), PREFIX))
        .isEmpty();
  }

  @Test
  void refusesAnotherRecordingsPrefixInTheSameBucket() {
    assertThat(links.linkFor(output("gs://" + BUCKET + "/2026/12/04/rec_b/recording.mp4"), PREFIX))
        .isEmpty();
    assertThat(links.linkFor(output("gs://" + BUCKET + "/secrets/key.json"), PREFIX)).isEmpty();
  }

  @Test
  void signsNothingWithoutAConfiguredBucket() throws Exception {
    GcsDownloadLinks unconfigured =
        new GcsDownloadLinks(new DownloadConfiguration("gcs", Duration.ofMinutes(15), null));
    assertThat(
            unconfigured.linkFor(output("gs://" + BUCKET + "/" + PREFIX + "recording.mp4"), PREFIX))
        .isEmpty();
  }

  private static RecordingOutput output(String uri) {
    return new RecordingOutput(uri, 10, 1.0, null, null, "video/mp4");
  }
}
