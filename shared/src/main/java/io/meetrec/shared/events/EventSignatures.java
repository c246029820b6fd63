package io.meetrec.shared.events;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.meetrec.shared.security.StandardWebhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Recorder-signed events. The recorder signs each message's data with the recorder secret using the
 * Standard Webhooks scheme (id = event id, timestamp = signing time), carried in the message
 * attributes; the webhook function verifies before it delivers anything.
 */
public final class EventSignatures {

  /**
   * How old a signed event may be when verified. Pub/Sub redelivers a message for as long as the
   * subscription retains it (7 days at most), so the freshness check only rules out very old
   * replays.
   */
  public static final Duration MAX_AGE = Duration.ofDays(8);

  private EventSignatures() {}

  /** The attributes to publish with an event's {@code data}: ids, type and signature. */
  public static Map<String, String> attributes(
      Secret recorderSecret, RecordingEvent event, byte[] data, Clock clock) {
    long ts = clock.instant().getEpochSecond();
    Map<String, String> attributes = new HashMap<>();
    attributes.put(RecordingJob.ATTR_RECORDING_ID, event.recordingId());
    attributes.put(RecordingJob.ATTR_SCHEMA_VERSION, Integer.toString(RecordingJob.SCHEMA_VERSION));
    attributes.put(RecordingEvent.ATTR_EVENT_TYPE, event.type());
    attributes.put(RecordingEvent.ATTR_EVENT_ID, event.eventId());
    attributes.put(RecordingEvent.ATTR_SIGNATURE_TIMESTAMP, Long.toString(ts));
    attributes.put(
        RecordingEvent.ATTR_SIGNATURE,
        StandardWebhooks.sign(recorderSecret, event.eventId(), ts, data));
    return attributes;
  }

  /**
   * Verifies a received event's signature with the current or previous recorder secret.
   *
   * @throws RecordingException {@code SIGNATURE_MISSING}, {@code SIGNATURE_INVALID} or {@code
   *     SIGNATURE_EXPIRED}
   */
  public static void verify(
      SecretKeySet recorderKeys, Map<String, String> attributes, byte[] data, Clock clock) {
    if (attributes == null) {
      throw new RecordingException(ErrorCode.SIGNATURE_MISSING, "event has no attributes");
    }
    StandardWebhooks.verify(
        recorderKeys.candidates(),
        attributes.get(RecordingEvent.ATTR_EVENT_ID),
        attributes.get(RecordingEvent.ATTR_SIGNATURE_TIMESTAMP),
        attributes.get(RecordingEvent.ATTR_SIGNATURE),
        data,
        clock,
        MAX_AGE);
  }
}
