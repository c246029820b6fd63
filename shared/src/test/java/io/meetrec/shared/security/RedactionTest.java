package io.meetrec.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No secret, signature or token may surface in a message or a {@code toString()}. */
class RedactionTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void keyTypesNeverPrintTheirValue() {
    Secret current = Secret.generate(32);
    Secret previous = Secret.generate(32);

    assertThat(current).hasToString("Secret[redacted]");
    assertThat(new SecretKeySet(current, previous))
        .hasToString("SecretKeySet[current=redacted, previous=redacted]");
    assertThat(SecretKeySet.of(current))
        .hasToString("SecretKeySet[current=redacted, previous=none]");
    assertThat(String.valueOf(List.of(current, new SecretKeySet(current, previous))))
        .doesNotContain(current.toBase64())
        .doesNotContain(previous.toBase64());
  }

  @Test
  void secretsCompareByValueAndHandOutCopies() {
    byte[] raw = new byte[32];
    raw[0] = 7;
    Secret secret = Secret.of(raw);
    raw[0] = 8;

    assertThat(secret).isEqualTo(Secret.of(secret.bytes())).isNotEqualTo(Secret.of(raw));
    byte[] copy = secret.bytes();
    copy[0] = 9;
    assertThat(secret.bytes()[0]).isEqualTo((byte) 7);
    assertThat(Secret.fromBase64(secret.toBase64() + "\n")).isEqualTo(secret);
  }

  @Test
  void noExceptionMessageContainsASecretASignatureOrAToken() {
    Secret secret = Secret.generate(32);
    Secret other = Secret.generate(32);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    long ts = NOW.getEpochSecond();
    String requestSignature =
        RequestSignatures.sign(secret, ts, "nonce-123456", "POST", "/v1", body);
    String webhookSignature = StandardWebhooks.sign(secret, "msg_1", ts, body);
    String token =
        JoinTokens.mint(
            secret, new JoinClaims("iss", "aud", "sub", NOW.plusSeconds(60), "jti"), CLOCK);
    String badBase64 = "c2VjcmV0LXZhbHVl$%^&";

    List<Throwable> failures = new ArrayList<>();
    RequestSignatures signatures = new RequestSignatures(CLOCK);
    failures.add(
        catchThrowable(
            () ->
                signatures.verify(
                    SecretKeySet.of(other),
                    Long.toString(ts),
                    "nonce-123456",
                    requestSignature,
                    "POST",
                    "/v1",
                    body)));
    failures.add(
        catchThrowable(
            () ->
                StandardWebhooks.verify(
                    SecretKeySet.of(other),
                    "msg_1",
                    Long.toString(ts),
                    webhookSignature,
                    body,
                    CLOCK)));
    failures.add(
        catchThrowable(
            () -> JoinTokens.verify(SecretKeySet.of(other), token, "iss", "aud", CLOCK)));
    failures.add(
        catchThrowable(() -> JoinTokens.verify(SecretKeySet.of(secret), token, "iss", "x", CLOCK)));
    failures.add(
        catchThrowable(
            () -> JoinTokens.verify(SecretKeySet.of(secret), token + "x", "iss", "aud", CLOCK)));
    failures.add(
        catchThrowable(
            () -> JoinTokens.verify(SecretKeySet.of(secret), "{" + token, "iss", "aud", CLOCK)));
    failures.add(catchThrowable(() -> Secret.fromBase64(badBase64)));
    failures.add(catchThrowable(() -> Secret.fromWebhookSecret("whsec_" + badBase64)));

    List<String> forbidden =
        List.of(
            secret.toBase64(),
            other.toBase64(),
            HexFormat.of().formatHex(secret.bytes()),
            Base64.getUrlEncoder().withoutPadding().encodeToString(secret.bytes()),
            requestSignature.substring(3),
            webhookSignature.substring(3),
            token,
            token.substring(token.lastIndexOf('.') + 1),
            "c2VjcmV0LXZhbHVl",
            "$");
    assertThat(failures).hasSize(8).doesNotContainNull();
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        for (String value : forbidden) {
          assertThat(t.getMessage()).doesNotContain(value);
          assertThat(t.toString()).doesNotContain(value);
        }
      }
    }
  }

  @Test
  void joinClaimsCarryNoKeyMaterial() {
    JoinClaims claims = new JoinClaims("iss", "conf", "rec", NOW, "jti");
    assertThat(claims.toString()).contains("conf", "rec").doesNotContain("redacted");
  }
}
