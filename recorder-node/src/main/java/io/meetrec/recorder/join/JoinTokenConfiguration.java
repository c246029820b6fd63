package io.meetrec.recorder.join;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where the recorder gets the join token for a claimed recording.
 *
 * @param mode {@code signing} (the signing function, called with the pod's Google ID token) or
 *     {@code local} (minted in-process with a key file; local stack and tests only). Defaults to
 *     {@code signing}
 * @param signingUrl the signing function's base URL, for {@code signing}; the recorder posts to
 *     {@code <signingUrl>/v1/join-tokens}
 * @param audience the ID token audience. Defaults to {@code signingUrl}
 * @param localSecretFile the join-token key for {@code local}. Defaults to {@code
 *     /var/run/secrets/meetrec/join-token-secret}
 * @param issuer the token issuer for {@code local}. Defaults to {@code meetrec-local}
 * @param ttl the token lifetime for {@code local}. Defaults to 60 s
 * @param timeout the signing call's timeout. Defaults to 10 s
 * @param localIdentityKeyFile a private JWK that stands in for Google's key when the recorder
 *     proves its identity to a locally run signing function (whose {@code local-jwks} holds the
 *     public half). Defaults to none: the pod's Google identity is used
 * @param localIdentityEmail the service-account email claimed with {@code localIdentityKeyFile}.
 *     Defaults to none
 */
@ConfigurationProperties(JoinTokenConfiguration.PREFIX)
public record JoinTokenConfiguration(
    @Bindable(defaultValue = "signing") String mode,
    @Nullable String signingUrl,
    @Nullable String audience,
    @Bindable(defaultValue = "/var/run/secrets/meetrec/join-token-secret") String localSecretFile,
    @Bindable(defaultValue = "meetrec-local") String issuer,
    @Bindable(defaultValue = "60s") Duration ttl,
    @Bindable(defaultValue = "10s") Duration timeout,
    @Nullable String localIdentityKeyFile,
    @Nullable String localIdentityEmail) {

  public static final String PREFIX = "meetrec.recorder.join-token";
}
