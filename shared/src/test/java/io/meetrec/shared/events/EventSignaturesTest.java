package io.meetrec.shared.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSignaturesTest {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  final Secret current = Secret.generate(32);
  final Secret previous = Secret.generate(32);
  final RecordingEvent event =
      RecordingEvent.of(EventType.STARTED, "rec_1", NOW.instant(), null, Map.of("a", 1));
  final byte[] data = "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void eventSignedWithCurrentOrPreviousSecretVerifies() {
    EventSignatures.verify(
        new SecretKeySet(current, previous),
        EventSignatures.attributes(current, event, data, NOW),
        data,
        NOW);
    EventSignatures.verify(
        new SecretKeySet(current, previous),
        EventSignatures.attributes(previous, event, data, NOW),
        data,
        NOW);
  }

  @Test
  void attributesCarryTheContract() {
    Map<String, String> a = EventSignatures.attributes(current, event, data, NOW);
    assertThat(a)
        .containsEntry("recordingId", "rec_1")
        .containsEntry("schemaVersion", "1")
        .containsEntry("eventType", "recording.started")
        .containsEntry("eventId", event.eventId())
        .containsKey("signature");
    assertThat(a.get("signature")).startsWith("v1,");
  }

  @Test
  void rejectsAlteredDataForeignKeyAndMissingSignature() {
    Map<String, String> a = EventSignatures.attributes(current, event, data, NOW);
    byte[] altered = "{\"eventId\":\"y\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventSignatures.verify(SecretKeySet.of(current), a, altered, NOW))
        .isInstanceOf(RecordingException.class)
        .extracting(e -> ((RecordingException) e).code())
        .isEqualTo(ErrorCode.SIGNATURE_INVALID);
    assertThatThrownBy(
            () -> EventSignatures.verify(SecretKeySet.of(Secret.generate(32)), a, data, NOW))
        .isInstanceOf(RecordingException.class);
    Map<String, String> unsigned = new HashMap<>(a);
    unsigned.remove("signature");
    assertThatThrownBy(() -> EventSignatures.verify(SecretKeySet.of(current), unsigned, data, NOW))
        .extracting(e -> ((RecordingException) e).code())
        .isEqualTo(ErrorCode.SIGNATURE_MISSING);
  }
}
