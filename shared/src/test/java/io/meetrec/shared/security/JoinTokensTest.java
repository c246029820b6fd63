package io.meetrec.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

class JoinTokensTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Secret KEY = Secret.generate(32);
  private static final Secret OLD_KEY = Secret.generate(32);
  private static final String ISSUER = JoinTokens.DEFAULT_ISSUER;
  private static final String CONFERENCE = "conf-42";
  private static final JoinClaims CLAIMS =
      new JoinClaims(ISSUER, CONFERENCE, "rec-7", NOW.plusSeconds(60), "jti-1");

  private static RecordingException refusal(Runnable call) {
    RecordingException e = catchThrowableOfType(RecordingException.class, call::run);
    assertThat(e).as("expected a refusal").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_INVALID);
    return e;
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String payloadJson() {
    return "{\"iss\":\""
        + ISSUER
        + "\",\"aud\":\""
        + CONFERENCE
        + "\",\"sub\":\"rec-7\",\"jti\":\"jti-1\",\"exp\":"
        + NOW.plusSeconds(60).getEpochSecond()
        + "}";
  }

  @Test
  void roundTripsTheClaims() {
    String token = JoinTokens.mint(KEY, CLAIMS, CLOCK);

    assertThat(token.split("\\.")).hasSize(3);
    assertThat(JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, CLOCK)).isEqualTo(CLAIMS);
  }

  @Test
  void verifiesWithThePreviousKeyDuringRotation() {
    String token = JoinTokens.mint(OLD_KEY, CLAIMS, CLOCK);

    assertThat(JoinTokens.verify(new SecretKeySet(KEY, OLD_KEY), token, CONFERENCE, CLOCK))
        .isEqualTo(CLAIMS);
  }

  @Test
  void rejectsATokenSignedWithAnotherKey() {
    String token = JoinTokens.mint(OLD_KEY, CLAIMS, CLOCK);

    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, CLOCK));
  }

  @Test
  void rejectsAnotherAudience() {
    String token = JoinTokens.mint(KEY, CLAIMS, CLOCK);

    assertThat(
            refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, "conf-other", CLOCK))
                .getMessage())
        .contains("audience");
  }

  @Test
  void rejectsAnotherIssuer() {
    String token =
        JoinTokens.mint(
            KEY,
            new JoinClaims("someone-else", CONFERENCE, "rec-7", NOW.plusSeconds(60), "j"),
            CLOCK);

    assertThat(
            refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, CLOCK))
                .getMessage())
        .contains("issuer");
  }

  @Test
  void rejectsAnExpiredTokenAfterTheClockSkew() {
    String token = JoinTokens.mint(KEY, CLAIMS, CLOCK);
    Instant expiry = CLAIMS.expiresAt();
    Clock withinSkew =
        Clock.fixed(expiry.plus(JoinTokens.CLOCK_SKEW).minusSeconds(1), ZoneOffset.UTC);
    Clock pastSkew = Clock.fixed(expiry.plus(JoinTokens.CLOCK_SKEW), ZoneOffset.UTC);

    assertThat(JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, withinSkew))
        .isEqualTo(CLAIMS);
    assertThat(
            refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, pastSkew))
                .getMessage())
        .contains("expired");
  }

  @Test
  void rejectsATokenIssuedInTheFuture() {
    String token =
        JoinTokens.mint(KEY, CLAIMS, Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));

    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, CLOCK));
  }

  @Test
  void rejectsAnUnsecuredToken() {
    String header = b64("{\"alg\":\"none\"}");
    String unsecured = header + "." + b64(payloadJson()) + ".";

    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), unsecured, CONFERENCE, CLOCK));
    // Also with the type header and a "signature" that some parsers ignore.
    String typed = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payloadJson()) + ".AAAA";
    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), typed, CONFERENCE, CLOCK));
  }

  @Test
  void rejectsHs512EvenWithTheRightKey() throws Exception {
    Secret longKey = Secret.generate(64);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claimsSet());
    jwt.sign(new MACSigner(longKey.bytes()));

    assertThat(
            refusal(
                    () ->
                        JoinTokens.verify(
                            SecretKeySet.of(longKey), jwt.serialize(), CONFERENCE, CLOCK))
                .getMessage())
        .contains("HS256");
  }

  @Test
  void rejectsRs256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claimsSet());
    jwt.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));

    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), jwt.serialize(), CONFERENCE, CLOCK));
  }

  @Test
  void rejectsMalformedTokens() {
    for (String token :
        new String[] {
          null, "", "not-a-token", "a.b.c", "a.b", b64("{}") + "." + b64("[]") + ".x"
        }) {
      refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), token, CONFERENCE, CLOCK));
    }
    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), "x".repeat(10_000), CONFERENCE, CLOCK));
  }

  @Test
  void rejectsATamperedPayload() {
    String[] parts = JoinTokens.mint(KEY, CLAIMS, CLOCK).split("\\.");
    String forged = parts[0] + "." + b64(payloadJson().replace("rec-7", "rec-8")) + "." + parts[2];

    refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), forged, CONFERENCE, CLOCK));
  }

  @Test
  void rejectsTokensWithoutIdOrExpiry() throws Exception {
    JWTClaimsSet withoutId = new JWTClaimsSet.Builder(claimsSet()).jwtID(null).build();
    JWTClaimsSet withoutExpiry = new JWTClaimsSet.Builder(claimsSet()).expirationTime(null).build();
    for (JWTClaimsSet set : new JWTClaimsSet[] {withoutId, withoutExpiry}) {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set);
      jwt.sign(new MACSigner(KEY.bytes()));
      refusal(() -> JoinTokens.verify(SecretKeySet.of(KEY), jwt.serialize(), CONFERENCE, CLOCK));
    }
  }

  @Test
  void enforcesTheMinimumKeyLength() {
    Secret shortKey = Secret.of(new byte[31]);

    assertThatThrownBy(() -> JoinTokens.mint(shortKey, CLAIMS, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    String token = JoinTokens.mint(KEY, CLAIMS, CLOCK);
    assertThatThrownBy(() -> JoinTokens.verify(SecretKeySet.of(shortKey), token, CONFERENCE, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildsClaimsForARecording() {
    JoinClaims claims =
        JoinClaims.forRecording(ISSUER, CONFERENCE, "rec-9", CLOCK, Duration.ofSeconds(60));

    assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(claims.tokenId()).isNotBlank();
    assertThat(JoinClaims.forRecording(ISSUER, CONFERENCE, "rec-9", CLOCK, Duration.ofSeconds(60)))
        .isNotEqualTo(claims);
  }

  private static JWTClaimsSet claimsSet() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(CONFERENCE)
        .subject("rec-7")
        .jwtID("jti-1")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(60)))
        .build();
  }
}
