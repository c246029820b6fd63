package io.meetrec.rotation.sink;

import com.google.cloud.storage.StorageOptions;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Picks the GitOps bucket when one is configured, the local directory otherwise. */
@Factory
class SealedSecretSinkFactory {

  @Singleton
  SealedSecretSink sink(SinkConfiguration config) {
    if (config.bucket() != null && !config.bucket().isBlank()) {
      return new GcsSealedSecretSink(
          StorageOptions.getDefaultInstance().getService(), config.bucket());
    }
    if (config.directory() != null && !config.directory().isBlank()) {
      return new DirectorySealedSecretSink(Path.of(config.directory()));
    }
    throw new IllegalStateException(
        "set " + SinkConfiguration.PREFIX + ".bucket (cloud) or .directory (local)");
  }
}
