package io.meetrec.webhooks.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.webhooks.WebhooksConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks that a push really comes from our Pub/Sub subscription: the {@code Authorization: Bearer}
 * OIDC token must be signed by Google (keys from Google's JWKS, cached), issued by {@code
 * accounts.google.com} for the configured audience, for the subscription's service account with a
 * verified email. The local emulator sends no token, so {@code allow-unsigned-push} skips this.
 */
@Singleton
public final class PushTokenVerifier {

  private static final Set<String> GOOGLE_ISSUERS =
      Set.of("https://accounts.google.com", "accounts.google.com");

  private final WebhooksConfiguration config;
  private final DefaultJWTProcessor<SecurityContext> processor;

  public PushTokenVerifier(WebhooksConfiguration config) {
    this.config = config;
    if (config.allowUnsignedPush()) {
      this.processor = null;
      return;
    }
    if (config.pushAudience() == null || config.pushServiceAccount() == null) {
      throw new IllegalStateException(
          WebhooksConfiguration.PREFIX
              + ".push-audience and .push-service-account must be set unless"
              + " allow-unsigned-push is true (local emulator only)");
    }
    JWKSource<SecurityContext> keys;
    try {
      // Cached and rate limited by the builder's defaults: Google rotates these keys daily.
      keys = JWKSourceBuilder.create(URI.create(config.googleJwksUrl()).toURL()).build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(
          "bad " + WebhooksConfiguration.PREFIX + ".google-jwks-url", e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            config.pushAudience(),
            new JWTClaimsSet.Builder()
                .claim("email", config.pushServiceAccount())
                .claim("email_verified", true)
                .build(),
            Set.of("iss", "exp", "iat")));
  }

  /**
   * @throws RecordingException {@code signature_missing} or {@code signature_invalid}
   */
  public void verify(@Nullable String authorization) {
    if (config.allowUnsignedPush()) {
      return;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new RecordingException(ErrorCode.SIGNATURE_MISSING, "push carries no bearer token");
    }
    String token = authorization.substring(7).trim();
    try {
      JWTClaimsSet claims = processor.process(token, null);
      if (!GOOGLE_ISSUERS.contains(claims.getIssuer())) {
        throw new RecordingException(
            ErrorCode.SIGNATURE_INVALID, "push token not issued by Google");
      }
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new RecordingException(ErrorCode.SIGNATURE_INVALID, "push token refused");
    }
  }
}
