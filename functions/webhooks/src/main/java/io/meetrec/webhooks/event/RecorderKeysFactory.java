package io.meetrec.webhooks.event;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import io.meetrec.webhooks.WebhooksConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** Mounted files when a directory is configured (local, tests), Secret Manager otherwise. */
@Factory
class RecorderKeysFactory {

  @Singleton
  @Bean(preDestroy = "close")
  RecorderKeys recorderKeys(WebhooksConfiguration config) {
    if (config.recorderSecretDir() != null && !config.recorderSecretDir().isBlank()) {
      return new FileRecorderKeys(Path.of(config.recorderSecretDir()));
    }
    if (config.projectId() == null || config.projectId().isBlank()) {
      throw new IllegalStateException(
          "set "
              + WebhooksConfiguration.PREFIX
              + ".recorder-secret-dir, or .project-id (GCP_PROJECT_ID) for Secret Manager");
    }
    try {
      return new SecretManagerRecorderKeys(
          SecretManagerServiceClient.create(),
          SecretName.of(config.projectId(), config.recorderSecretId()),
          config.recorderSecretCacheTtl(),
          Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Secret Manager client", e);
    }
  }
}
