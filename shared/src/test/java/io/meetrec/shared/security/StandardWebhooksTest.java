package io.meetrec.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  // The example of the Standard Webhooks specification.
  private static final Secret SPEC_SECRET =
      Secret.fromWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final byte[] SPEC_PAYLOAD =
      "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Clock AT_SPEC_TIME =
      Clock.fixed(Instant.ofEpochSecond(SPEC_TIMESTAMP), ZoneOffset.UTC);

  @Test
  void reproducesTheSpecificationExample() {
    assertThat(StandardWebhooks.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void verifiesTheSpecificationExample() {
    assertThatCode(
            () ->
                StandardWebhooks.verify(
                    SecretKeySet.of(SPEC_SECRET),
                    SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP),
                    SPEC_SIGNATURE,
                    SPEC_PAYLOAD,
                    AT_SPEC_TIME))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAWebhookSecretWithoutPrefix() {
    assertThat(Secret.fromWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isEqualTo(SPEC_SECRET);
  }

  @Test
  void verifiesWhenAnyOfSeveralSignaturesMatches() {
    Secret other = Secret.generate(32);
    String header =
        "v1a,c29tZXRoaW5n "
            + StandardWebhooks.sign(other, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)
            + " v1,bm90IGJhc2U2NA=="
            + " "
            + SPEC_SIGNATURE;
    assertThatCode(
            () ->
                StandardWebhooks.verify(
                    List.of(SPEC_SECRET),
                    SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP),
                    header,
                    SPEC_PAYLOAD,
                    AT_SPEC_TIME,
                    StandardWebhooks.DEFAULT_TOLERANCE))
        .doesNotThrowAnyException();
  }

  @Test
  void headersCarryOneSignaturePerSecretDuringRotation() {
    Secret next = Secret.generate(32);
    SecretKeySet rotating = SecretKeySet.of(SPEC_SECRET).rotate(next);
    Map<String, String> headers =
        StandardWebhooks.headers(rotating, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    assertThat(headers)
        .containsEntry(StandardWebhooks.ID_HEADER, SPEC_ID)
        .containsEntry(StandardWebhooks.TIMESTAMP_HEADER, "1614265330");
    assertThat(headers.get(StandardWebhooks.SIGNATURE_HEADER).split(" "))
        .containsExactly(
            StandardWebhooks.sign(next, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD), SPEC_SIGNATURE);
    // A receiver that only knows the old secret still verifies.
    assertThatCode(
            () ->
                StandardWebhooks.verify(
                    SecretKeySet.of(SPEC_SECRET),
                    SPEC_ID,
                    "1614265330",
                    headers.get(StandardWebhooks.SIGNATURE_HEADER),
                    SPEC_PAYLOAD,
                    AT_SPEC_TIME))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsATamperedPayload() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertRejected(SPEC_ID, "1614265330", SPEC_SIGNATURE, tampered, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsAnotherMessageId() {
    assertRejected("msg_other", "1614265330", SPEC_SIGNATURE, SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsAnUnsupportedSignatureVersionOnly() {
    assertRejected(
            SPEC_ID, "1614265330", SPEC_SIGNATURE.replace("v1,", "v2,"), SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsMissingHeaders() {
    assertRejected(null, "1614265330", SPEC_SIGNATURE, SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
    assertRejected(SPEC_ID, " ", SPEC_SIGNATURE, SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
    assertRejected(SPEC_ID, "1614265330", null, SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
  }

  @Test
  void rejectsANonNumericTimestamp() {
    assertRejected(SPEC_ID, "2021-02-25T15:02:10Z", SPEC_SIGNATURE, SPEC_PAYLOAD, AT_SPEC_TIME)
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void rejectsTimestampsOutsideTheTolerance() {
    Instant signedAt = Instant.ofEpochSecond(SPEC_TIMESTAMP);
    Clock late = Clock.fixed(signedAt.plus(Duration.ofMinutes(5)).plusSeconds(1), ZoneOffset.UTC);
    Clock early =
        Clock.fixed(signedAt.minus(Duration.ofMinutes(5)).minusSeconds(1), ZoneOffset.UTC);
    Clock justInTime = Clock.fixed(signedAt.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);

    assertRejected(SPEC_ID, "1614265330", SPEC_SIGNATURE, SPEC_PAYLOAD, late)
        .isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
    assertRejected(SPEC_ID, "1614265330", SPEC_SIGNATURE, SPEC_PAYLOAD, early)
        .isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
    assertThatCode(
            () ->
                StandardWebhooks.verify(
                    SecretKeySet.of(SPEC_SECRET),
                    SPEC_ID,
                    "1614265330",
                    SPEC_SIGNATURE,
                    SPEC_PAYLOAD,
                    justInTime))
        .doesNotThrowAnyException();
  }

  private static org.assertj.core.api.AbstractComparableAssert<?, ErrorCode> assertRejected(
      String id, String timestamp, String signature, byte[] payload, Clock clock) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                StandardWebhooks.verify(
                    SecretKeySet.of(SPEC_SECRET), id, timestamp, signature, payload, clock));
    assertThat(thrown).isInstanceOf(RecordingException.class);
    assertThat(thrown.getMessage()).doesNotContain(SPEC_SIGNATURE.substring(3));
    return assertThat(((RecordingException) thrown).code());
  }

  @Test
  void refusesToVerifyWithoutSecrets() {
    assertThatThrownBy(
            () ->
                StandardWebhooks.verify(
                    List.of(),
                    SPEC_ID,
                    "1614265330",
                    SPEC_SIGNATURE,
                    SPEC_PAYLOAD,
                    AT_SPEC_TIME,
                    StandardWebhooks.DEFAULT_TOLERANCE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
