package io.meetrec.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.RequestSignatures.VerifiedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestSignaturesTest {

  private static final long NOW = 1_760_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final Secret CURRENT = Secret.of(bytes(0x11));
  private static final Secret PREVIOUS = Secret.of(bytes(0x22));
  private static final SecretKeySet KEYS = new SecretKeySet(CURRENT, PREVIOUS);
  private static final String NONCE = "n0nce-4b1d6f2a";
  private static final String PATH = "/v1/recordings";
  private static final byte[] BODY =
      "{\"meetingUrl\":\"https://meet.example.com/abc\"}".getBytes(StandardCharsets.UTF_8);

  private final RequestSignatures signatures = new RequestSignatures(CLOCK);

  private static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  private static String sign(Secret secret, long ts) {
    return RequestSignatures.sign(secret, ts, NONCE, "POST", PATH, BODY);
  }

  private VerifiedRequest verify(String ts, String nonce, String signature) {
    return signatures.verify(KEYS, ts, nonce, signature, "POST", PATH, BODY);
  }

  private ErrorCode rejection(Runnable call) {
    RecordingException e = catchThrowableOfType(RecordingException.class, call::run);
    assertThat(e).as("expected a RecordingException").isNotNull();
    return e.code();
  }

  @Test
  void signsTheCanonicalStringWithHmacSha256() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(bytes(0x11), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            (NOW
                    + "\n"
                    + NONCE
                    + "\nPOST\n"
                    + PATH
                    + "\n"
                    + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

    assertThat(sign(CURRENT, NOW)).isEqualTo("v1=" + HexFormat.of().formatHex(expected));
  }

  @Test
  void verifiesARequestSignedWithTheCurrentSecret() {
    VerifiedRequest verified = verify(Long.toString(NOW), NONCE, sign(CURRENT, NOW));

    assertThat(verified.nonce()).isEqualTo(NONCE);
    assertThat(verified.signedAt()).isEqualTo(Instant.ofEpochSecond(NOW));
    assertThat(verified.previousSecret()).isFalse();
  }

  @Test
  void verifiesARequestSignedWithThePreviousSecretDuringRotation() {
    VerifiedRequest verified = verify(Long.toString(NOW), NONCE, sign(PREVIOUS, NOW));

    assertThat(verified.previousSecret()).isTrue();
  }

  @Test
  void rejectsThePreviousSecretOnceTheRotationIsOver() {
    String signature = sign(PREVIOUS, NOW);
    assertThat(
            rejection(
                () ->
                    signatures.verify(
                        SecretKeySet.of(CURRENT),
                        Long.toString(NOW),
                        NONCE,
                        signature,
                        "POST",
                        PATH,
                        BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void verifiesThroughAHeaderLookup() {
    Map<String, String> headers =
        RequestSignatures.headers(CURRENT, "acme", NOW, NONCE, "post", PATH, BODY);
    assertThat(headers)
        .containsOnlyKeys(
            RequestSignatures.CLIENT_HEADER,
            RequestSignatures.TIMESTAMP_HEADER,
            RequestSignatures.NONCE_HEADER,
            RequestSignatures.SIGNATURE_HEADER)
        .containsEntry(RequestSignatures.CLIENT_HEADER, "acme");

    assertThat(signatures.verify(KEYS, headers::get, "POST", PATH, BODY).nonce()).isEqualTo(NONCE);
  }

  @Test
  void rejectsMissingHeaders() {
    String signature = sign(CURRENT, NOW);
    assertThat(rejection(() -> verify(null, NONCE, signature)))
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
    assertThat(rejection(() -> verify(Long.toString(NOW), "", signature)))
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
    assertThat(rejection(() -> verify(Long.toString(NOW), NONCE, null)))
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
    assertThat(
            rejection(
                () ->
                    signatures.verify(
                        KEYS, new HashMap<String, String>()::get, "POST", PATH, BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
  }

  @Test
  void rejectsMalformedHeaders() {
    String signature = sign(CURRENT, NOW);
    String ts = Long.toString(NOW);
    assertThat(rejection(() -> verify("17e8", NONCE, signature)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, "short", signature)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, "line\nbreak-nonce", signature)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, NONCE, signature.substring(3))))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, NONCE, "v2=" + signature.substring(3))))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, NONCE, signature.substring(0, 40))))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> verify(ts, NONCE, "v1=" + "zz".repeat(32))))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsASignatureMadeWithAnotherKey() {
    String signature = sign(Secret.of(bytes(0x33)), NOW);
    assertThat(rejection(() -> verify(Long.toString(NOW), NONCE, signature)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsATamperedBodyPathMethodOrNonce() {
    String ts = Long.toString(NOW);
    String signature = sign(CURRENT, NOW);
    byte[] otherBody = "{\"meetingUrl\":\"https://evil.example.com/\"}".getBytes();

    assertThat(
            rejection(() -> signatures.verify(KEYS, ts, NONCE, signature, "POST", PATH, otherBody)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(
            rejection(
                () ->
                    signatures.verify(
                        KEYS, ts, NONCE, signature, "POST", "/v1/recordings/x:stop", BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(rejection(() -> signatures.verify(KEYS, ts, NONCE, signature, "PUT", PATH, BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThat(
            rejection(
                () ->
                    signatures.verify(KEYS, ts, "other-nonce-123", signature, "POST", PATH, BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsAStaleTimestamp() {
    long stale = NOW - 301;
    assertThat(rejection(() -> verify(Long.toString(stale), NONCE, sign(CURRENT, stale))))
        .isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
  }

  @Test
  void rejectsATimestampFromTheFuture() {
    long future = NOW + 301;
    assertThat(rejection(() -> verify(Long.toString(future), NONCE, sign(CURRENT, future))))
        .isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
  }

  @Test
  void acceptsTimestampsAtTheEdgeOfTheTolerance() {
    long edge = NOW - 300;
    assertThat(verify(Long.toString(edge), NONCE, sign(CURRENT, edge)).signedAt())
        .isEqualTo(Instant.ofEpochSecond(edge));
  }

  @Test
  void checksTheTimestampWithTheConfiguredTolerance() {
    RequestSignatures strict = new RequestSignatures(CLOCK, java.time.Duration.ofSeconds(30));
    long ts = NOW - 31;
    assertThat(
            rejection(
                () ->
                    strict.verify(
                        KEYS, Long.toString(ts), NONCE, sign(CURRENT, ts), "POST", PATH, BODY)))
        .isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
  }

  @Test
  void errorMessagesNeverContainTheExpectedSignature() {
    String expected = sign(CURRENT, NOW);
    String wrong = sign(Secret.of(bytes(0x44)), NOW);
    RecordingException e =
        catchThrowableOfType(
            RecordingException.class, () -> verify(Long.toString(NOW), NONCE, wrong));

    assertThat(e.getMessage())
        .doesNotContain(expected.substring(3))
        .doesNotContain(sign(PREVIOUS, NOW).substring(3))
        .doesNotContain(CURRENT.toBase64());
  }
}
