package io.meetrec.signing.caller;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies the Google-signed ID token a recorder pod sends as {@code Authorization: Bearer}: the
 * signature against Google's published keys (fetched once and cached, refreshed on an unknown key
 * id), the issuer, the audience (this function's URL, so a token minted for another service is
 * useless here), expiry, and that the email is a verified, allow-listed service account.
 */
@Singleton
public class IdTokenVerifier {

  private final CallerConfiguration config;
  private final DefaultJWTProcessor<SecurityContext> processor;

  public IdTokenVerifier(CallerConfiguration config) {
    this.config = config;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys(config)));
    processor.setJWTClaimsSetVerifier(
        // Mutable sets: the verifier probes them with contains(null), which Set.of() refuses.
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(Set.of(config.audience())),
            null,
            new HashSet<>(Set.of("iss", "aud", "exp", "iat", "email", "sub")),
            new HashSet<>()));
  }

  private static JWKSource<SecurityContext> keys(CallerConfiguration config) {
    if (config.localJwks() != null && !config.localJwks().isBlank()) {
      try {
        return new ImmutableJWKSet<>(JWKSet.parse(config.localJwks()));
      } catch (ParseException e) {
        throw new IllegalStateException(
            CallerConfiguration.PREFIX + ".local-jwks is not a JWK set");
      }
    }
    try {
      return JWKSourceBuilder.<SecurityContext>create(URI.create(config.jwksUrl()).toURL())
          .cache(config.jwksCacheTtl().toMillis(), 15_000)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(CallerConfiguration.PREFIX + ".jwks-url is not a URL");
    }
  }

  public Caller verify(HttpRequest<?> request) {
    String header = request.getHeaders().getAuthorization().orElse(null);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new RecordingException(
          ErrorCode.TOKEN_INVALID, "an Authorization: Bearer <Google ID token> header is required");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(header.substring(7).trim(), null);
    } catch (Exception e) {
      // The library's message may quote token parts; the caller only learns that it failed.
      throw new RecordingException(ErrorCode.TOKEN_INVALID, "ID token rejected");
    }
    if (!config.issuers().contains(claims.getIssuer())) {
      throw new RecordingException(ErrorCode.TOKEN_INVALID, "ID token has a foreign issuer");
    }
    String email;
    Boolean verified;
    try {
      email = claims.getStringClaim("email");
      verified = claims.getBooleanClaim("email_verified");
    } catch (ParseException e) {
      throw new RecordingException(ErrorCode.TOKEN_INVALID, "ID token claims are malformed");
    }
    if (!Boolean.TRUE.equals(verified) || !config.allowedEmails().contains(email)) {
      throw new RecordingException(ErrorCode.FORBIDDEN, "caller may not request join tokens");
    }
    return new Caller(email, claims.getSubject());
  }
}
