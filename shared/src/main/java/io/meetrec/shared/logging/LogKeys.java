package io.meetrec.shared.logging;

/** Top-level keys of the log line that are not {@link LogField}s. */
public final class LogKeys {
  /** The event name from {@link LogEvent#eventName()}. */
  public static final String EVENT = "event";

  public static final String MESSAGE = "message";
  public static final String SEVERITY = "severity";
  public static final String TIME = "time";
  public static final String LOGGER = "logger";
  public static final String THREAD = "thread";
  public static final String STACK_TRACE = "stack_trace";
  public static final String LABELS = "logging.googleapis.com/labels";
  public static final String SOURCE_LOCATION = "logging.googleapis.com/sourceLocation";
  public static final String TRACE = "logging.googleapis.com/trace";
  public static final String SPAN_ID = "logging.googleapis.com/spanId";

  /** MDC key holding the trace id (the part after {@code /traces/}). */
  public static final String MDC_TRACE_ID = "traceId";

  public static final String MDC_SPAN_ID = "spanId";

  private LogKeys() {}
}
