package io.meetrec.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * A logback encoder writing one JSON object per line in Cloud Logging's structured format, which
 * the GKE logging agent and Cloud Run/Functions parse from stdout: {@code severity}, {@code time}
 * (RFC 3339 with nanoseconds), {@code message}, {@code logging.googleapis.com/labels} (service,
 * version, pod, node), trace fields from the MDC, and the event's typed fields (see {@link
 * StructuredLog}) as top-level keys, which Cloud Logging keeps in {@code jsonPayload}.
 *
 * <pre>{@code
 * <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="io.meetrec.shared.logging.CloudLoggingEncoder">
 *     <service>recorder</service>
 *   </encoder>
 * </appender>
 * }</pre>
 *
 * Every property defaults from the environment: {@code service} from {@code K_SERVICE}, {@code
 * version} from {@code MEETREC_VERSION} or {@code K_REVISION}, {@code pod} from {@code POD_NAME},
 * {@code node} from {@code NODE_NAME}, {@code projectId} (for the trace resource name) from {@code
 * GOOGLE_CLOUD_PROJECT} or {@code GCP_PROJECT_ID}.
 */
public class CloudLoggingEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] NEWLINE = {'\n'};

  private String service;
  private String version;
  private String pod;
  private String node;
  private String projectId;
  private boolean includeSourceLocation;
  private Map<String, String> labels = Map.of();

  public void setService(String service) {
    this.service = service;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public void setProjectId(String projectId) {
    this.projectId = projectId;
  }

  /**
   * Adds {@code logging.googleapis.com/sourceLocation}. Defaults to false: logback computes the
   * caller from a stack walk on every line.
   */
  public void setIncludeSourceLocation(boolean includeSourceLocation) {
    this.includeSourceLocation = includeSourceLocation;
  }

  @Override
  public void start() {
    service = firstNonBlank(service, System.getenv("K_SERVICE"), "meetrec");
    version =
        firstNonBlank(
            version,
            System.getenv("MEETREC_VERSION"),
            System.getenv("K_REVISION"),
            CloudLoggingEncoder.class.getPackage().getImplementationVersion());
    pod = firstNonBlank(pod, System.getenv("POD_NAME"));
    node = firstNonBlank(node, System.getenv("NODE_NAME"));
    projectId =
        firstNonBlank(
            projectId, System.getenv("GOOGLE_CLOUD_PROJECT"), System.getenv("GCP_PROJECT_ID"));
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("service", service);
    putIfPresent(fixed, "version", version);
    putIfPresent(fixed, "pod", pod);
    putIfPresent(fixed, "node", node);
    labels = Map.copyOf(fixed);
    super.start();
  }

  /** The labels every line carries; {@code logging.googleapis.com/labels} on the line. */
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      write(json, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writeBytes(NEWLINE);
    return out.toByteArray();
  }

  private void write(JsonGenerator json, ILoggingEvent event) throws IOException {
    Set<String> written = new HashSet<>();
    json.writeStartObject();
    json.writeStringField(LogKeys.SEVERITY, severity(event.getLevel()));
    json.writeStringField(LogKeys.TIME, DateTimeFormatter.ISO_INSTANT.format(time(event)));
    json.writeStringField(LogKeys.MESSAGE, event.getFormattedMessage());
    written.addAll(List.of(LogKeys.SEVERITY, LogKeys.TIME, LogKeys.MESSAGE));

    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (pair.key != null && written.add(pair.key)) {
          json.writeFieldName(pair.key);
          writeValue(json, pair.value);
        }
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (LogField field : LogContext.MDC_FIELDS) {
      String value = mdc.get(field.key());
      if (value != null && written.add(field.key())) {
        json.writeStringField(field.key(), value);
      }
    }
    json.writeStringField(LogKeys.LOGGER, event.getLoggerName());
    json.writeStringField(LogKeys.THREAD, event.getThreadName());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      json.writeStringField(LogKeys.STACK_TRACE, ThrowableProxyUtil.asString(thrown));
    }

    json.writeObjectFieldStart(LogKeys.LABELS);
    for (Map.Entry<String, String> label : labels.entrySet()) {
      json.writeStringField(label.getKey(), label.getValue());
    }
    json.writeEndObject();

    String traceId = mdc.get(LogKeys.MDC_TRACE_ID);
    if (traceId != null && !traceId.isBlank()) {
      json.writeStringField(
          LogKeys.TRACE,
          projectId == null ? traceId : "projects/" + projectId + "/traces/" + traceId);
      String spanId = mdc.get(LogKeys.MDC_SPAN_ID);
      if (spanId != null) {
        json.writeStringField(LogKeys.SPAN_ID, spanId);
      }
    }
    if (includeSourceLocation) {
      StackTraceElement[] caller = event.getCallerData();
      if (caller != null && caller.length > 0) {
        json.writeObjectFieldStart(LogKeys.SOURCE_LOCATION);
        json.writeStringField("file", caller[0].getFileName());
        json.writeStringField("line", Integer.toString(caller[0].getLineNumber()));
        json.writeStringField(
            "function", caller[0].getClassName() + "." + caller[0].getMethodName());
        json.writeEndObject();
      }
    }
    json.writeEndObject();
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Boolean b -> json.writeBoolean(b);
      case Long l -> json.writeNumber(l);
      case Integer i -> json.writeNumber(i);
      case Double d when d.isNaN() || d.isInfinite() -> json.writeString(d.toString());
      case Double d -> json.writeNumber(d);
      case Number n -> json.writeNumber(n.toString());
      default -> json.writeString(String.valueOf(value));
    }
  }

  private static Instant time(ILoggingEvent event) {
    Instant instant = event.getInstant();
    return instant != null ? instant : Instant.ofEpochMilli(event.getTimeStamp());
  }

  /** Cloud Logging's LogSeverity names. */
  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      default -> "DEBUG";
    };
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String firstNonBlank(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }
}
