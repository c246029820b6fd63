package io.meetrec.webhooks.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushEnvelopeTest {

  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static PushEnvelope parse(String body) {
    return PushEnvelope.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsDataAttributesAndDeliveryAttempt() {
    PushEnvelope p =
        parse(
            """
            {"message":{"data":"aGVsbG8=","attributes":{"eventId":"evt_1"},"messageId":"7",
             "message_id":"7","publishTime":"2026-03-01T10:00:00Z"},
             "subscription":"projects/p/subscriptions/recording-events-webhooks","deliveryAttempt":3}
            """);

    assertThat(new String(p.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(p.attributes()).containsEntry("eventId", "evt_1");
    assertThat(p.messageId()).isEqualTo("7");
    assertThat(p.subscription()).endsWith("recording-events-webhooks");
    assertThat(p.deliveryAttempt()).isEqualTo(3);
  }

  @Test
  void acceptsSnakeCaseKeysAndAMissingAttempt() {
    PushEnvelope p = parse("{\"message\":{\"data\":\"\",\"message_id\":\"9\"}}");

    assertThat(p.messageId()).isEqualTo("9");
    assertThat(p.deliveryAttempt()).isNull();
    assertThat(p.attributes()).isEmpty();
  }

  @Test
  void refusesBodiesThatAreNotPushes() {
    assertThatThrownBy(() -> parse("[1,2]"))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
    assertThatThrownBy(() -> parse("{\"message\":{\"data\":\"%%%\"}}"))
        .isInstanceOfSatisfying(
            RecordingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
  }
}
