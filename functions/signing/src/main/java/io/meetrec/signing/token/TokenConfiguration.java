package io.meetrec.signing.token;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The join tokens this function mints.
 *
 * @param ttl how long a token lives. Defaults to 60 s: long enough to join, useless if leaked.
 * @param issuer the {@code iss} claim. Defaults to {@code meetrec-signing}.
 * @param secretSource {@code config} or {@code secret-manager}. Defaults to {@code config}.
 * @param secret the base64 HS256 secret ({@code config} source only). Defaults to none.
 * @param secretName the Secret Manager secret holding it. Defaults to {@code
 *     meetrec-join-token-secret}.
 * @param projectId the project of that secret. Defaults to {@code GCP_PROJECT_ID}.
 * @param cacheTtl how long a secret read from Secret Manager is reused. Defaults to 60 s.
 */
@ConfigurationProperties(TokenConfiguration.PREFIX)
public record TokenConfiguration(
    @Bindable(defaultValue = "60s") Duration ttl,
    @Bindable(defaultValue = "meetrec-signing") String issuer,
    @Bindable(defaultValue = "config") String secretSource,
    @Nullable String secret,
    @Bindable(defaultValue = "meetrec-join-token-secret") String secretName,
    @Nullable String projectId,
    @Bindable(defaultValue = "60s") Duration cacheTtl) {

  public static final String PREFIX = "meetrec.signing.token";

  @Override
  public String toString() {
    return "TokenConfiguration[ttl=%s, issuer=%s, secretSource=%s, secretName=%s]"
        .formatted(ttl, issuer, secretSource, secretName);
  }
}
