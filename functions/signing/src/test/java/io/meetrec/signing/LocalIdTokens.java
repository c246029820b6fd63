package io.meetrec.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/**
 * Stands in for Google's token service: an RSA key whose public half the function is configured
 * with instead of Google's certificate endpoint, minting ID tokens shaped like Google's.
 */
public final class LocalIdTokens {

  public static final String AUDIENCE = "https://signing.meetrec.test/";
  public static final String RECORDER_EMAIL =
      "meetrec-recorder@meetrec-local.iam.gserviceaccount.com";

  private final RSAKey key;

  public LocalIdTokens(String keyId) {
    try {
      this.key = new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK set, as Google publishes it. */
  public String publicJwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  public String token() {
    return token(c -> c);
  }

  /** A valid Google-like ID token for the recorder, changed by {@code edit}. */
  public String token(UnaryOperator<JWTClaimsSet.Builder> edit) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("https://accounts.google.com")
            .audience(AUDIENCE)
            .subject("1234567890")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .claim("email", RECORDER_EMAIL)
            .claim("email_verified", true);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            edit.apply(claims).build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
