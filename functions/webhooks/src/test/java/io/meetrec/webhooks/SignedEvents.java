package io.meetrec.webhooks;

import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.security.Secret;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Events as the recorder publishes them: JSON data, signed attributes. */
public final class SignedEvents {

  /** One message: its data and attributes. */
  public record Message(RecordingEvent event, byte[] data, Map<String, String> attributes) {}

  private static final JsonMapper JSON = JsonMapper.createDefault();

  private SignedEvents() {}

  public static Message completed(String recordingId, String webhookUrl, Secret recorderSecret) {
    RecordingEvent event =
        RecordingEvent.of(
            EventType.COMPLETED,
            recordingId,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            webhookUrl,
            Map.of(
                "durationSeconds", 12.5, "uri", "gs://bucket/" + recordingId + "/recording.mp4"));
    return sign(event, recorderSecret);
  }

  public static Message started(String recordingId, String webhookUrl, Secret recorderSecret) {
    RecordingEvent event =
        RecordingEvent.of(
            EventType.STARTED,
            recordingId,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            webhookUrl,
            Map.of());
    return sign(event, recorderSecret);
  }

  public static Message sign(RecordingEvent event, Secret recorderSecret) {
    try {
      byte[] data = JSON.writeValueAsBytes(event);
      return new Message(
          event, data, EventSignatures.attributes(recorderSecret, event, data, Clock.systemUTC()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
