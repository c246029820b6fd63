package io.meetrec.shared.logging;

import org.slf4j.MDC;

/**
 * Puts the recording (and conference) id on every log line of the current thread through the MDC,
 * which {@link CloudLoggingEncoder} copies to the top-level fields {@code recordingId} and {@code
 * conferenceId}. Use with try-with-resources around a session's work; closing restores what was
 * there before, so contexts nest.
 */
public final class LogContext implements AutoCloseable {

  /** The MDC keys the encoder copies as top-level fields. */
  public static final java.util.List<LogField> MDC_FIELDS =
      java.util.List.of(LogField.RECORDING_ID, LogField.CONFERENCE_ID);

  private final String previousRecordingId;
  private final String previousConferenceId;

  private LogContext(String recordingId, String conferenceId) {
    previousRecordingId = MDC.get(LogField.RECORDING_ID.key());
    previousConferenceId = MDC.get(LogField.CONFERENCE_ID.key());
    put(LogField.RECORDING_ID, recordingId);
    put(LogField.CONFERENCE_ID, conferenceId);
  }

  /** Sets the ids; a {@code null} id is left out. */
  public static LogContext recording(String recordingId, String conferenceId) {
    return new LogContext(recordingId, conferenceId);
  }

  @Override
  public void close() {
    put(LogField.RECORDING_ID, previousRecordingId);
    put(LogField.CONFERENCE_ID, previousConferenceId);
  }

  private static void put(LogField field, String value) {
    if (value == null) {
      MDC.remove(field.key());
    } else {
      MDC.put(field.key(), value);
    }
  }
}
