package io.meetrec.shared.logging;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.recording.RecordingState;
import java.time.Duration;

/**
 * A typed field of a structured log line. The {@link #key()} is the JSON key on the log line and
 * therefore the column {@code jsonPayload.<key>} of the BigQuery log sink; renaming one breaks the
 * saved queries, so keys are a contract.
 *
 * <p>Cloud Logging keeps a structured payload as a {@code google.protobuf.Struct}, in which every
 * number is a double: the sink therefore types every numeric field {@code FLOAT64}, even counts and
 * milliseconds. {@link #kind()} is what the emitter accepts; {@link #bigQueryType()} is what the
 * sink column is.
 */
public enum LogField {
  RECORDING_ID("recordingId", Kind.TEXT),
  CONFERENCE_ID("conferenceId", Kind.TEXT),
  CLIENT_ID("clientId", Kind.TEXT),
  ERROR_CODE("errorCode", Kind.TEXT),
  OUTCOME("outcome", Kind.TEXT),
  STATE("state", Kind.TEXT),
  RECORDER_VERSION("recorderVersion", Kind.TEXT),
  EVENT_ID("eventId", Kind.TEXT),
  EVENT_TYPE("eventType", Kind.TEXT),
  MESSAGE_ID("messageId", Kind.TEXT),
  ROUTE("route", Kind.TEXT),
  SECRET_ID("secretId", Kind.TEXT),
  QUEUE_LATENCY_MS("queueLatencyMs", Kind.INTEGER),
  START_LATENCY_MS("startLatencyMs", Kind.INTEGER),
  DURATION_MS("durationMs", Kind.INTEGER),
  LATENCY_MS("latencyMs", Kind.INTEGER),
  RECORDED_SECONDS("recordedSeconds", Kind.DECIMAL),
  BYTES("bytes", Kind.INTEGER),
  ATTEMPT("attempt", Kind.INTEGER),
  DELIVERY_ATTEMPT("deliveryAttempt", Kind.INTEGER),
  MAX_DELIVERY_ATTEMPTS("maxDeliveryAttempts", Kind.INTEGER),
  HTTP_STATUS("httpStatus", Kind.INTEGER),
  AVAILABLE("available", Kind.FLAG),
  SLOTS("slots", Kind.INTEGER),
  FREE_SLOTS("freeSlots", Kind.INTEGER),
  CPU_SECONDS("cpuSeconds", Kind.DECIMAL),
  SEGMENT("segment", Kind.INTEGER);

  /** What an emitter may pass for a field. */
  public enum Kind {
    /** Strings, and the contract's enums in their wire form. */
    TEXT,
    /** Whole numbers; a {@link Duration} is written in milliseconds. */
    INTEGER,
    DECIMAL,
    FLAG
  }

  private final String key;
  private final Kind kind;

  LogField(String key, Kind kind) {
    this.key = key;
    this.kind = kind;
  }

  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  public BigQueryType bigQueryType() {
    return switch (kind) {
      case TEXT -> BigQueryType.STRING;
      case INTEGER, DECIMAL -> BigQueryType.FLOAT64;
      case FLAG -> BigQueryType.BOOL;
    };
  }

  /** The sink's column name: Cloud Logging lower-cases the keys of structured payloads. */
  public String columnName() {
    return key.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Converts a value to what the log line carries for this field.
   *
   * @throws IllegalArgumentException if the value does not fit the field's kind
   */
  Object normalize(Object value) {
    Object normalized =
        switch (kind) {
          case TEXT -> text(value);
          case INTEGER -> integer(value);
          case DECIMAL -> value instanceof Number n ? (Object) n.doubleValue() : null;
          case FLAG -> value instanceof Boolean ? value : null;
        };
    if (normalized == null) {
      throw new IllegalArgumentException(
          "log field " + key + " takes " + kind + ", not " + value.getClass().getSimpleName());
    }
    return normalized;
  }

  private static String text(Object value) {
    return switch (value) {
      case String s -> s;
      case ErrorCode code -> code.wire();
      case EventType type -> type.wireName();
      case RecordingState state -> state.wireName();
      case LogOutcome outcome -> outcome.wire();
      case Enum<?> other -> other.name().toLowerCase(java.util.Locale.ROOT);
      default -> null;
    };
  }

  private static Long integer(Object value) {
    return switch (value) {
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Duration d -> d.toMillis();
      default -> null;
    };
  }
}
