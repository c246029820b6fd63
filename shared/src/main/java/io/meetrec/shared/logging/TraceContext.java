package io.meetrec.shared.logging;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The trace a request belongs to, read from W3C {@code traceparent} or Google's {@code
 * X-Cloud-Trace-Context} (which Cloud Run and the load balancers add), so that {@link
 * CloudLoggingEncoder} writes {@code logging.googleapis.com/trace} and {@code spanId} and Cloud
 * Logging groups a request's lines under its trace.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits, or null
 */
public record TraceContext(String traceId, String spanId) {

  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$");
  private static final Pattern CLOUD =
      Pattern.compile("^([0-9a-fA-F]{32})(?:/(\\d{1,20}))?(?:;.*)?$");
  private static final String ZERO_TRACE = "0".repeat(32);

  /**
   * From the headers' values (either may be null); {@code traceparent} wins when both are valid.
   */
  public static Optional<TraceContext> fromHeaders(String traceparent, String cloudTraceContext) {
    if (traceparent != null) {
      Matcher m = TRACEPARENT.matcher(traceparent.trim());
      if (m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals("0".repeat(16))) {
        return Optional.of(new TraceContext(m.group(1), m.group(2)));
      }
    }
    if (cloudTraceContext != null) {
      Matcher m = CLOUD.matcher(cloudTraceContext.trim());
      if (m.matches() && !m.group(1).equals(ZERO_TRACE)) {
        String span = null;
        if (m.group(2) != null) {
          try {
            span = String.format(Locale.ROOT, "%016x", Long.parseUnsignedLong(m.group(2)));
          } catch (NumberFormatException e) {
            span = null; // above 2^64: keep the trace, drop the span
          }
        }
        return Optional.of(new TraceContext(m.group(1).toLowerCase(Locale.ROOT), span));
      }
    }
    return Optional.empty();
  }

  /** Puts the trace on this thread's log lines until closed; closing restores what was there. */
  public AutoCloseable open() {
    String previousTrace = MDC.get(LogKeys.MDC_TRACE_ID);
    String previousSpan = MDC.get(LogKeys.MDC_SPAN_ID);
    put(LogKeys.MDC_TRACE_ID, traceId);
    put(LogKeys.MDC_SPAN_ID, spanId);
    return () -> {
      put(LogKeys.MDC_TRACE_ID, previousTrace);
      put(LogKeys.MDC_SPAN_ID, previousSpan);
    };
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
