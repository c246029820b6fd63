package io.meetrec.webhooks.event;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.webhooks.push.PushEnvelope;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;

/**
 * Accepts only events the recorder signed: the {@code signature} attribute must verify over the
 * message data with the current or previous recorder secret, and the signed event id must be the
 * one inside the data, so neither the data nor the id can be swapped.
 */
@Singleton
public final class EventAuthenticator {

  private final RecorderKeys keys;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  public EventAuthenticator(RecorderKeys keys, JsonMapper json) {
    this.keys = keys;
    this.json = json;
  }

  /**
   * @throws RecordingException {@code signature_missing}/{@code signature_invalid} for a forged or
   *     altered event, {@code malformed_json}/{@code invalid_field} for a signed but unusable one,
   *     {@code unavailable} when the keys cannot be read (worth a retry)
   */
  public RecordingEvent authenticate(PushEnvelope push) {
    String eventId = push.attributes().get(RecordingEvent.ATTR_EVENT_ID);
    String signature = push.attributes().get(RecordingEvent.ATTR_SIGNATURE);
    String timestamp = push.attributes().get(RecordingEvent.ATTR_SIGNATURE_TIMESTAMP);
    if (eventId == null || signature == null || timestamp == null) {
      throw new RecordingException(ErrorCode.SIGNATURE_MISSING, "event is not signed");
    }
    EventSignatures.verify(keys.keys(), push.attributes(), push.data(), clock);
    RecordingEvent event;
    try {
      event = json.readValue(push.data(), RecordingEvent.class);
    } catch (IOException | RuntimeException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "event data is not an event");
    }
    if (event == null
        || !eventId.equals(event.eventId())
        || event.recordingId() == null
        || event.type() == null
        || event.occurredAt() == null) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD, "event data does not match its attributes");
    }
    return event;
  }
}
