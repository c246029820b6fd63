package io.meetrec.intake.download;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.meetrec.shared.recording.RecordingOutput;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * V4 signed URLs for {@code gs://} objects, valid for {@link DownloadConfiguration#ttl()}. The
 * function's service account signs them (through the IAM signBlob API when it has no key file), so
 * it needs {@code iam.serviceAccounts.signBlob} on itself and read access on the bucket.
 */
@Singleton
@Requires(property = DownloadConfiguration.PREFIX + ".kind", value = "gcs")
public class GcsDownloadLinks implements DownloadLinks {

  private final DownloadConfiguration config;
  private final Clock clock = Clock.systemUTC();
  private volatile Storage storage;

  public GcsDownloadLinks(DownloadConfiguration config) {
    this.config = config;
  }

  @Override
  public Optional<DownloadLink> linkFor(RecordingOutput output) {
    URI uri = URI.create(output.uri());
    if (!"gs".equals(uri.getScheme()) || uri.getHost() == null) {
      return Optional.empty();
    }
    String object = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
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
