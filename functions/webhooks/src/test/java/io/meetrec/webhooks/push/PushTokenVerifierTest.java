package io.meetrec.webhooks.push;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.webhooks.WebhooksConfiguration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Google's JWKS is served locally so the real nimbus verification path runs offline. */
class PushTokenVerifierTest {

  private static final String AUDIENCE = "https://webhooks.example.run.app/";
  private static final String PUSHER = "meetrec-webhooks@proj.iam.gserviceaccount.com";

  private static RSAKey google;
  private static RSAKey stranger;
  private static HttpServer jwks;
  private static PushTokenVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    google = new RSAKeyGenerator(2048).keyID("google-1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("google-1").generate();
    byte[] keys = new JWKSet(google.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext(
        "/certs",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, keys.length);
          ex.getResponseBody().write(keys);
          ex.close();
        });
    jwks.start();
    verifier =
        new PushTokenVerifier(
            new WebhooksConfiguration(
                false,
                AUDIENCE,
                PUSHER,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
                "whsec_" + "a".repeat(44),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                false,
                false,
                List.of(),
                null,
                "meetrec-recorder-secret",
                null,
                Duration.ofSeconds(60),
                null,
                Duration.ofDays(30),
                100,
                Duration.ofSeconds(15)));
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  private static String token(RSAKey key, String issuer, String audience, String email)
      throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("1234567890")
                .claim("email", email)
                .claim("email_verified", true)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return "Bearer " + jwt.serialize();
  }

  @Test
  void acceptsGoogleSignedTokenForOurAudienceAndServiceAccount() throws Exception {
    assertThatCode(
            () -> verifier.verify(token(google, "https://accounts.google.com", AUDIENCE, PUSHER)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesPushWithoutToken() {
    assertThatThrownBy(() -> verifier.verify(null))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.SIGNATURE_MISSING));
  }

  @Test
  void refusesTokenForAnotherAudience() throws Exception {
    String t = token(google, "https://accounts.google.com", "https://elsewhere/", PUSHER);
    assertInvalid(t);
  }

  @Test
  void refusesTokenOfAnotherServiceAccount() throws Exception {
    String t =
        token(
            google,
            "https://accounts.google.com",
            AUDIENCE,
            "intruder@proj.iam.gserviceaccount.com");
    assertInvalid(t);
  }

  @Test
  void refusesTokenNotIssuedByGoogle() throws Exception {
    assertInvalid(token(google, "https://evil.example.com", AUDIENCE, PUSHER));
  }

  @Test
  void refusesTokenSignedWithAnotherKey() throws Exception {
    assertInvalid(token(stranger, "https://accounts.google.com", AUDIENCE, PUSHER));
  }

  private static void assertInvalid(String token) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }
}
