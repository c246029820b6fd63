package io.meetrec.shared.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event on {@code recording-events} (ordering key = recording id).
 *
 * @param eventId unique per event; becomes the {@code webhook-id}, so receivers can de-duplicate
 * @param type an {@link EventType} wire name
 * @param webhookUrl the delivery target; not part of the payload customers receive
 * @param data what the customer receives under {@code data} (besides the recording id)
 */
@Serdeable
public record RecordingEvent(
    String eventId,
    String recordingId,
    String type,
    Instant occurredAt,
    @Nullable String webhookUrl,
    @Nullable Map<String, Object> data) {

  public static final String ATTR_EVENT_TYPE = "eventType";
  public static final String ATTR_EVENT_ID = "eventId";
  public static final String ATTR_SIGNATURE = "signature";
  public static final String ATTR_SIGNATURE_TIMESTAMP = "signatureTimestamp";

  public static RecordingEvent of(
      EventType type,
      String recordingId,
      Instant occurredAt,
      @Nullable String webhookUrl,
      Map<String, Object> data) {
    return new RecordingEvent(
        "evt_" + UUID.randomUUID().toString().replace("-", ""),
        recordingId,
        type.wireName(),
        occurredAt,
        webhookUrl,
        data);
  }
}
