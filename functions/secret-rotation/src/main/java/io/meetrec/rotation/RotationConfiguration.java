package io.meetrec.rotation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How often managed secrets rotate and how long the superseded value keeps verifying.
 *
 * @param interval age after which the current version is replaced. Defaults to 30 days.
 * @param overlap how long the previous version stays enabled after a new one was added, so
 *     signatures made just before the rotation still verify. Defaults to 2 days; must be shorter
 *     than the interval.
 * @param secretBytes random bytes in a new secret value (stored base64). Defaults to 32.
 * @param projectId the Google Cloud project holding the secrets. Defaults to {@code
 *     GCP_PROJECT_ID}.
 * @param backend {@code secret-manager} (the real one) or {@code in-memory} (local runs only).
 *     Defaults to {@code secret-manager}.
 */
@ConfigurationProperties(RotationConfiguration.PREFIX)
public record RotationConfiguration(
    @Bindable(defaultValue = "30d") Duration interval,
    @Bindable(defaultValue = "2d") Duration overlap,
    @Bindable(defaultValue = "32") int secretBytes,
    @Nullable String projectId,
    @Bindable(defaultValue = "secret-manager") String backend) {

  public static final String PREFIX = "meetrec.rotation";

  public RotationConfiguration {
    if (overlap.compareTo(interval) >= 0) {
      throw new IllegalArgumentException(
          PREFIX
              + ".overlap ("
              + overlap
              + ") must be shorter than the interval ("
              + interval
              + ")");
    }
    if (secretBytes < 32) {
      throw new IllegalArgumentException(PREFIX + ".secret-bytes must be at least 32");
    }
  }
}
