package io.meetrec.intake.download;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.meetrec.shared.recording.RecordingOutput;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * V4 signed URLs for {@code gs://} objects, valid for {@link DownloadConfiguration#ttl()}. The
 * function's service account signs them (through the IAM signBlob API when it has no key file), so
 * it needs {@code iam.serviceAccounts.signBlob} on itself and read access on the bucket. Only
 * objects in {@code meetrec.intake.download.bucket} under the recording's own prefix are signed.
 */
@Singleton
@Requires(property = DownloadConfiguration.PREFIX + ".kind", value = "gcs")
public class GcsDownloadLinks implements DownloadLinks {

  private static final Logger LOG = LoggerFactory.getLogger(GcsDownloadLinks.class);

  private final DownloadConfiguration config;
  private final Clock clock = Clock.systemUTC();
  private volatile Storage storage;

  @Inject
  public GcsDownloadLinks(DownloadConfiguration config) {
    this.config = config;
  }

  /** With the given client, for tests that sign with a key of their own. */
  GcsDownloadLinks(DownloadConfiguration config, Storage storage) {
    this.config = config;
    this.storage = storage;
  }

  @Override
  public Optional<DownloadLink> linkFor(RecordingOutput output, String prefix) {
    URI uri = URI.create(output.uri());
    if (!"gs".equals(uri.getScheme()) || uri.getHost() == null) {
      return Optional.empty();
    }
    String object = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    if (!uri.getHost().equals(config.bucket()) || !object.startsWith(prefix)) {
      // The record says where its media is; only the recordings bucket and the recording's own
      // prefix are ever signed for, whatever the record holds.
      LOG.warn("no download link: the recording's media is outside {}/{}", config.bucket(), prefix);
      return Optional.empty();
    }
    BlobInfo blob = BlobInfo.newBuilder(uri.getHost(), object).build();
    var url =
        storage()
            .signUrl(
                blob,
                config.ttl().toSeconds(),
                TimeUnit.SECONDS,
                Storage.SignUrlOption.withV4Signature());
    return Optional.of(new DownloadLink(url.toString(), clock.instant().plus(config.ttl())));
  }

  private Storage storage() {
    // Created on first use: most requests never need it, and its credentials lookup is slow.
    Storage s = storage;
    if (s == null) {
      synchronized (this) {
        if (storage == null) {
          storage = StorageOptions.getDefaultInstance().getService();
        }
        s = storage;
      }
    }
    return s;
  }
}
