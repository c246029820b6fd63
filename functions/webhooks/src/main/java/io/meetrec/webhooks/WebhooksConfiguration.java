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
 * @param retrySchedule when each delivery attempt is made, as the wait before it: the first entry
 *     is the first attempt (after the event arrives), each next one the wait after a failed
 *     attempt. Defaults to Standard Webhooks' reference schedule {@code 0s, 5s, 5m, 30m, 2h, 5h,
 *     10h, 10h}: eight attempts over 27 h 35 min 5 s.
 * @param retention how long an event's delivery record (and a recording's list of them) is kept.
 *     Defaults to 30 days.
 * @param redeliverBatch how many due events one redelivery tick attempts at most. Defaults to 100.
 * @param deliveryDeadline the longest one delivery attempt may take, connecting, sending and
 *     reading the answer together: a receiver that trickles its answer byte by byte (each read
 *     within {@code readTimeout}) is cut off here. Defaults to 15 seconds.
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
    @Bindable(defaultValue = "60s") Duration recorderSecretCacheTtl,
    @Nullable List<Duration> retrySchedule,
    @Bindable(defaultValue = "30d") Duration retention,
    @Bindable(defaultValue = "100") int redeliverBatch,
    @Bindable(defaultValue = "15s") Duration deliveryDeadline) {

  public static final String PREFIX = "meetrec.webhooks";

  /** Standard Webhooks' reference schedule. */
  public static final List<Duration> DEFAULT_RETRY_SCHEDULE =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  public WebhooksConfiguration {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    retrySchedule =
        retrySchedule == null || retrySchedule.isEmpty()
            ? DEFAULT_RETRY_SCHEDULE
            : List.copyOf(retrySchedule);
    if (retention == null) {
      retention = Duration.ofDays(30);
    }
    if (redeliverBatch <= 0) {
      redeliverBatch = 100;
    }
    if (deliveryDeadline == null || !deliveryDeadline.isPositive()) {
      deliveryDeadline = Duration.ofSeconds(15);
    }
  }

  /**
   * How long one attempt may hold an event's lock: the delivery deadline plus a margin. A push
   * redelivered meanwhile finds the lock and does not deliver again.
   */
  public Duration attemptLock() {
    return deliveryDeadline.plusSeconds(15);
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
        + ", deliveryDeadline="
        + deliveryDeadline
        + ", allowHttp="
        + allowHttp
        + ", allowPrivateAddresses="
        + allowPrivateAddresses
        + ", allowedHosts="
        + allowedHosts
        + ", recorderSecretDir="
        + recorderSecretDir
        + ", retrySchedule="
        + retrySchedule
        + ", retention="
        + retention
        + "]";
  }
}
