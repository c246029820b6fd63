package io.meetrec.webhooks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * The webhook function's settings.
 *
 * @param allowUnsignedPush accept pushes without a Google OIDC token. Only for the local Pub/Sub
 *     emulator, which sends none. Defaults to false.
 * @param pushAudience the audience the push subscription puts in its OIDC token (the function URL).
 *     Defaults to none; required unless {@code allowUnsignedPush}.
 * @param pushServiceAccount the service account the push subscription signs as. Defaults to none;
 *     required unless {@code allowUnsignedPush}.
 * @param googleJwksUrl where Google's token signing keys are published. Defaults to {@code
 *     https://www.googleapis.com/oauth2/v3/certs}.
 * @param signingSecret the per-deployment Standard Webhooks secret ({@code whsec_...}) customers
 *     verify deliveries with. Defaults to none; required.
 * @param connectTimeout connect timeout to a receiver. Defaults to 5 seconds.
 * @param readTimeout time a receiver may take to answer. Defaults to 10 seconds.
 * @param allowHttp deliver to {@code http://} URLs. Local development only. Defaults to false.
 * @param allowPrivateAddresses deliver to loopback, private and link-local addresses. Local
 *     development only. Defaults to false.
 * @param allowedHosts if not empty, the only receiver hosts deliveries may go to. Defaults to
 *     empty.
 * @param recorderSecretDir a directory holding {@code recorder-secret} and {@code
 *     recorder-secret.previous} (mounted files). Defaults to none: the recorder secret is read from
 *     Secret Manager.
 * @param recorderSecretId the Secret Manager secret the recorder signs events with. Defaults to
 *     {@code meetrec-recorder-secret}.
 * @param projectId the Google Cloud project. Defaults to {@code GCP_PROJECT_ID}.
 * @param recorderSecretCacheTtl how long recorder secret values are cached. Defaults to 60 seconds.
 */
@ConfigurationProperties(WebhooksConfiguration.PREFIX)
public record WebhooksConfiguration(
    @Bindable(defaultValue = "false") boolean allowUnsignedPush,
    @Nullable String pushAudience,
    @Nullable String pushServiceAccount,
    @Bindable(defaultValue = "https://www.googleapis.com/oauth2/v3/certs") String googleJwksUrl,
    @Nullable String signingSecret,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "10s") Duration readTimeout,
    @Bindable(defaultValue = "false") boolean allowHttp,
    @Bindable(defaultValue = "false") boolean allowPrivateAddresses,
    @Nullable List<String> allowedHosts,
    @Nullable String recorderSecretDir,
    @Bindable(defaultValue = "meetrec-recorder-secret") String recorderSecretId,
    @Nullable String projectId,
    @Bindable(defaultValue = "60s") Duration recorderSecretCacheTtl) {

  public static final String PREFIX = "meetrec.webhooks";

  public WebhooksConfiguration {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
  }

  /** Never prints the signing secret. */
  @Override
  public String toString() {
    return "WebhooksConfiguration[allowUnsignedPush="
        + allowUnsignedPush
        + ", pushAudience="
        + pushAudience
        + ", pushServiceAccount="
        + pushServiceAccount
        + ", signingSecret="
        + (signingSecret == null ? "unset" : "[redacted]")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", allowHttp="
        + allowHttp
        + ", allowPrivateAddresses="
        + allowPrivateAddresses
        + ", allowedHosts="
        + allowedHosts
        + ", recorderSecretDir="
        + recorderSecretDir
        + "]";
  }
}
