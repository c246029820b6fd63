package io.meetrec.shared.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Join tokens: compact JWS, HS256 only, carrying {@link JoinClaims} plus {@code iat}.
 *
 * <p>Verification pins the algorithm instead of trusting the header, so {@code alg: none} and
 * algorithm-confusion tokens (HS512, RS256 with the HMAC key as "public key") are refused. Every
 * refusal is a {@link RecordingException} with {@link ErrorCode#TOKEN_INVALID} and a reason that
 * never contains the token or the key.
 */
public final class JoinTokens {

  /** HS256 keys shorter than the hash output weaken it; RFC 7518 §3.2 requires at least this. */
  public static final int MIN_KEY_BYTES = 32;

  /** The issuer the signing function puts in its tokens. */
  public static final String DEFAULT_ISSUER = "meetrec-signing";

  /** Tolerated clock difference between the minting and the verifying machine. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

  // Far above any real join token; bounds the work done on hostile input.
  private static final int MAX_TOKEN_LENGTH = 8192;

  private JoinTokens() {}

  /** Mints a token issued now. */
  public static String mint(Secret secret, JoinClaims claims) {
    return mint(secret, claims, Clock.systemUTC());
  }

  public static String mint(Secret secret, JoinClaims claims, Clock clock) {
    Objects.requireNonNull(claims, "claims");
    byte[] key = key(secret);
    try {
      JWTClaimsSet set =
          new JWTClaimsSet.Builder()
              .issuer(claims.issuer())
              .audience(claims.audience())
              .subject(claims.subject())
              .expirationTime(Date.from(claims.expiresAt()))
              .issueTime(Date.from(clock.instant()))
              .jwtID(claims.tokenId())
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), set);
      jwt.sign(new MACSigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the join token", e);
    } finally {
      Secret.wipe(key);
    }
  }

  /** Verifies a token from {@link #DEFAULT_ISSUER}. */
  public static JoinClaims verify(
      SecretKeySet keys, String token, String expectedAudience, Clock clock) {
    return verify(keys, token, DEFAULT_ISSUER, expectedAudience, clock);
  }

  /**
   * Verifies the signature with the current, then the previous secret, then the claims.
   *
   * @throws RecordingException {@code TOKEN_INVALID}
   */
  public static JoinClaims verify(
      SecretKeySet keys,
      String token,
      String expectedIssuer,
      String expectedAudience,
      Clock clock) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(expectedIssuer, "expectedIssuer");
    Objects.requireNonNull(expectedAudience, "expectedAudience");
    Objects.requireNonNull(clock, "clock");
    if (token == null || token.isBlank()) {
      throw refused("token is missing");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw refused("token is too long");
    }
    SignedJWT jwt;
    JWTClaimsSet set;
    try {
      jwt = SignedJWT.parse(token.strip());
      set = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      // Parser messages can quote parts of the token, so neither the message nor the cause is kept.
      throw refused("token is not a well-formed signed JWT");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw refused("token algorithm is not HS256");
    }
    if (!signatureVerifies(jwt, keys.candidates())) {
      throw refused("token signature does not verify");
    }
    return checkClaims(set, expectedIssuer, expectedAudience, clock.instant());
  }

  private static boolean signatureVerifies(SignedJWT jwt, List<Secret> candidates) {
    for (Secret candidate : candidates) {
      byte[] key = key(candidate);
      try {
        if (jwt.verify(new MACVerifier(key))) {
          return true;
        }
      } catch (JOSEException e) {
        // An unsupported critical header or similar: not a token we accept.
        return false;
      } finally {
        Secret.wipe(key);
      }
    }
    return false;
  }

  private static JoinClaims checkClaims(
      JWTClaimsSet set, String expectedIssuer, String expectedAudience, Instant now) {
    if (!expectedIssuer.equals(set.getIssuer())) {
      throw refused("token issuer does not match");
    }
    List<String> audience = set.getAudience();
    if (audience == null || audience.size() != 1 || !expectedAudience.equals(audience.get(0))) {
      throw refused("token audience does not match");
    }
    Date expiry = set.getExpirationTime();
    if (expiry == null) {
      throw refused("token has no expiry");
    }
    if (!now.isBefore(expiry.toInstant().plus(CLOCK_SKEW))) {
      throw refused("token has expired");
    }
    Date issued = set.getIssueTime();
    if (issued != null && issued.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw refused("token is issued in the future");
    }
    Date notBefore = set.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw refused("token is not valid yet");
    }
    String subject = set.getSubject();
    String tokenId = set.getJWTID();
    if (subject == null || subject.isBlank()) {
      throw refused("token has no subject");
    }
    if (tokenId == null || tokenId.isBlank()) {
      throw refused("token has no id");
    }
    return new JoinClaims(set.getIssuer(), audience.get(0), subject, expiry.toInstant(), tokenId);
  }

  private static byte[] key(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "join token secret must be at least " + MIN_KEY_BYTES + " bytes");
    }
    return secret.bytes();
  }

  private static RecordingException refused(String reason) {
    return new RecordingException(ErrorCode.TOKEN_INVALID, reason);
  }
}
