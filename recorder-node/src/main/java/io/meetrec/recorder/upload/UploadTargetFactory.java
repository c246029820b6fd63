package io.meetrec.recorder.upload;

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
        yield new GcsUploadTarget(
            StorageOptions.getDefaultInstance().getService(), config.bucket());
      }
      case "local" -> new LocalDirectoryUploadTarget(Path.of(config.directory()));
      default ->
          throw new ConfigurationException(
              UploadConfiguration.PREFIX + ".target must be gcs or local, not " + config.target());
    };
  }
}
