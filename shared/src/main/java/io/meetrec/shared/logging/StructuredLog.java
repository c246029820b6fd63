package io.meetrec.shared.logging;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Emits one event of the {@link LogEvent} catalogue with its typed fields:
 *
 * <pre>{@code
 * StructuredLog.event(LogEvent.RECORDING_STARTED)
 *     .with(LogField.RECORDING_ID, id)
 *     .with(LogField.START_LATENCY_MS, startLatency)
 *     .info(LOG, "recording {} started", id);
 * }</pre>
 *
 * The fields travel as SLF4J key-value pairs, which {@link CloudLoggingEncoder} writes as top-level
 * JSON fields. A field the event does not declare is refused with an {@link
 * IllegalArgumentException}: a new field is a change to the catalogue (and to the BigQuery schema),
 * not something a call site adds on the side. So is an {@code outcome} the event does not declare
 * in {@link LogOutcome}. A {@code null} value leaves the field out.
 */
public final class StructuredLog {

  private final LogEvent event;
  private final Map<LogField, Object> values = new EnumMap<>(LogField.class);

  private StructuredLog(LogEvent event) {
    this.event = Objects.requireNonNull(event, "event");
  }

  public static StructuredLog event(LogEvent event) {
    return new StructuredLog(event);
  }

  /**
   * Adds a field.
   *
   * @throws IllegalArgumentException if the event does not declare the field, the value does not
   *     fit its kind, or it is an outcome the event does not declare
   */
  public StructuredLog with(LogField field, Object value) {
    if (!event.allows(field)) {
      throw new IllegalArgumentException(
          "log event " + event.eventName() + " does not declare field " + field.key());
    }
    if (value == null) {
      values.remove(field);
      return this;
    }
    Object normalized = field.normalize(value);
    if (field == LogField.OUTCOME && !LogOutcome.declared(event, (String) normalized)) {
      throw new IllegalArgumentException(
          "log event " + event.eventName() + " does not declare outcome " + normalized);
    }
    values.put(field, normalized);
    return this;
  }

  /** The fields set so far, by key, as the log line will carry them. */
  public Map<LogField, Object> fields() {
    return Map.copyOf(values);
  }

  public LogEvent logEvent() {
    return event;
  }

  public void debug(Logger logger, String message, Object... arguments) {
    emit(logger, Level.DEBUG, null, message, arguments);
  }

  public void info(Logger logger, String message, Object... arguments) {
    emit(logger, Level.INFO, null, message, arguments);
  }

  public void warn(Logger logger, String message, Object... arguments) {
    emit(logger, Level.WARN, null, message, arguments);
  }

  public void warn(Logger logger, Throwable cause, String message, Object... arguments) {
    emit(logger, Level.WARN, cause, message, arguments);
  }

  public void error(Logger logger, String message, Object... arguments) {
    emit(logger, Level.ERROR, null, message, arguments);
  }

  public void error(Logger logger, Throwable cause, String message, Object... arguments) {
    emit(logger, Level.ERROR, cause, message, arguments);
  }

  private void emit(
      Logger logger, Level level, Throwable cause, String message, Object... arguments) {
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder builder =
        logger.atLevel(level).addKeyValue(LogKeys.EVENT, event.eventName());
    values.forEach((field, value) -> builder.addKeyValue(field.key(), value));
    if (cause != null) {
      builder.setCause(cause);
    }
    builder.log(message, arguments);
  }
}
