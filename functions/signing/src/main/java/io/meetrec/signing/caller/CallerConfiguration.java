package io.meetrec.signing.caller;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * Who may ask for join tokens: recorder pods presenting a Google-signed ID token.
 *
 * @param audience the {@code aud} the token must carry: this function's URL. Required.
 * @param allowedEmails service account emails allowed to call. Defaults to none (nobody).
 * @param issuers accepted {@code iss} values. Defaults to Google's two spellings.
 * @param jwksUrl where Google's signing keys are published. Defaults to {@code
 *     https://www.googleapis.com/oauth2/v3/certs}.
 * @param localJwks a JWK set (JSON) used instead of {@code jwksUrl}; local development and tests,
 *     where a test key stands in for Google's. Defaults to none.
 * @param jwksCacheTtl how long fetched keys are reused. Defaults to 1 h.
 */
@ConfigurationProperties(CallerConfiguration.PREFIX)
public record CallerConfiguration(
    String audience,
    @Nullable List<String> allowedEmails,
    @Nullable List<String> issuers,
    @Bindable(defaultValue = "https://www.googleapis.com/oauth2/v3/certs") String jwksUrl,
    @Nullable String localJwks,
    @Bindable(defaultValue = "1h") Duration jwksCacheTtl) {

  public static final String PREFIX = "meetrec.signing.caller";

  public CallerConfiguration {
    allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
    issuers =
        issuers == null || issuers.isEmpty()
            ? List.of("accounts.google.com", "https://accounts.google.com")
            : List.copyOf(issuers);
  }
}
