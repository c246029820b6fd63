package io.meetrec.recorder.join;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

/**
 * ID tokens shaped like Google's (issuer {@code https://accounts.google.com}, audience, verified
 * email), signed with a local key. Only for the local stack, where no metadata server can mint real
 * ones; the signing function trusts the key's public half through its {@code local-jwks}.
 */
final class LocalIdentityTokens implements SigningFunctionJoinTokenClient.IdTokenSource {

  private final Path keyFile;
  private final String email;

  LocalIdentityTokens(Path keyFile, String email) {
    if (email == null || email.isBlank()) {
      throw new IllegalArgumentException(
          JoinTokenConfiguration.PREFIX + ".local-identity-email is required with a local key");
    }
    this.keyFile = keyFile;
    this.email = email;
  }

  @Override
  public String idToken(String audience) throws IOException {
    try {
      RSAKey key = RSAKey.parse(Files.readString(keyFile));
      Instant now = Instant.now();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
              new JWTClaimsSet.Builder()
                  .issuer("https://accounts.google.com")
                  .audience(audience)
                  .subject(email)
                  .claim("email", email)
                  .claim("email_verified", true)
                  .issueTime(Date.from(now))
                  .expirationTime(Date.from(now.plusSeconds(300)))
                  .build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (ParseException | JOSEException e) {
      // The message of a parse failure could quote key material: keep only the kind.
      throw new RecordingException(
          ErrorCode.JOIN_TOKEN_FAILED,
          "local identity key unusable: " + e.getClass().getSimpleName());
    }
  }
}
