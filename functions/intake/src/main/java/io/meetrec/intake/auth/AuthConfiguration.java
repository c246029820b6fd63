package io.meetrec.intake.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How callers prove who they are.
 *
 * @param source where client secrets come from: {@code config} (inline JSON or a file) or {@code
 *     secret-manager}. Defaults to {@code config}.
 * @param clientsJson the JSON map clientId → base64 secret, inline ({@code config} source only).
 *     Defaults to none.
 * @param clientsFile a file holding that JSON map ({@code config} source only). Defaults to none.
 * @param secretName the Secret Manager secret holding that JSON map. Defaults to {@code
 *     meetrec-client-secrets}.
 * @param projectId the project of that secret. Defaults to {@code GCP_PROJECT_ID}.
 * @param cacheTtl how long secrets read from Secret Manager are reused. Defaults to 60 s.
 * @param tolerance how far a request's timestamp may be from now. Defaults to 300 s.
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record AuthConfiguration(
    @Bindable(defaultValue = "config") String source,
    @Nullable String clientsJson,
    @Nullable String clientsFile,
    @Bindable(defaultValue = "meetrec-client-secrets") String secretName,
    @Nullable String projectId,
    @Bindable(defaultValue = "60s") Duration cacheTtl,
    @Bindable(defaultValue = "300s") Duration tolerance) {

  public static final String PREFIX = "meetrec.intake.auth";

  @Override
  public String toString() {
    // clientsJson holds secrets.
    return "AuthConfiguration[source=%s, clientsFile=%s, secretName=%s, projectId=%s]"
        .formatted(source, clientsFile, secretName, projectId);
  }
}
