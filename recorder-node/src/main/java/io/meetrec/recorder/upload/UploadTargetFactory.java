package io.meetrec.recorder.upload;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.storage.StorageOptions;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Chooses the upload target from {@code meetrec.recorder.upload.target}, in this one place. */
@Factory
public class UploadTargetFactory {

  @Singleton
  UploadTarget uploadTarget(UploadConfiguration config) {
    return switch (config.target()) {
      case "gcs" -> {
        if (config.bucket() == null || config.bucket().isBlank()) {
          throw new ConfigurationException(
              UploadConfiguration.PREFIX + ".bucket is required for the gcs target");
        }
        yield new GcsUploadTarget(storageOptions().getService(), config.bucket());
      }
      case "local" -> new LocalDirectoryUploadTarget(Path.of(config.directory()));
      default ->
          throw new ConfigurationException(
              UploadConfiguration.PREFIX + ".target must be gcs or local, not " + config.target());
    };
  }

  /**
   * The Storage client's own retries, set here rather than left to its defaults: a few quick tries
   * inside one attempt (a dropped connection, a 503), bounded so that one attempt never outlasts a
   * few minutes. Longer outages are {@link Uploader}'s to wait out, between attempts, with the
   * lease in view.
   */
  static StorageOptions storageOptions() {
    return StorageOptions.getDefaultInstance().toBuilder()
        .setRetrySettings(
            RetrySettings.newBuilder()
                .setMaxAttempts(4)
                .setInitialRetryDelayDuration(java.time.Duration.ofMillis(500))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(java.time.Duration.ofSeconds(8))
                .setInitialRpcTimeoutDuration(java.time.Duration.ofSeconds(60))
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(java.time.Duration.ofSeconds(60))
                .setTotalTimeoutDuration(java.time.Duration.ofMinutes(3))
                .build())
        .build();
  }
}
