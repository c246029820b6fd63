package io.meetrec.logs.local;

import com.google.zetasql.Value;
import io.meetrec.shared.logging.LogKeys;
import io.meetrec.shared.logging.LogLineReader;
import io.meetrec.shared.logging.LogSinkSchema;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import io.meetrec.shared.logging.SinkColumn;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON log lines, as {@code CloudLoggingEncoder} writes them, into the rows a Cloud Logging
 * BigQuery sink would insert: the special {@code logging.googleapis.com/*} keys, {@code severity}
 * and {@code time} become LogEntry columns, everything else {@code jsonPayload}. A line that is not
 * JSON becomes a {@code textPayload} row, as Cloud Logging does with unstructured output.
 *
 * <p>Routing, in place of the resource types the cloud would see: lines whose {@code service} label
 * starts with {@code recorder} go to the GKE table {@code stdout}, all others (the functions) to
 * {@code run_googleapis_com_stdout}.
 */
public final class SinkRows {

  private static final String GOOGLE_KEY_PREFIX = "logging.googleapis.com/";

  private final Map<SinkTable, List<List<Value>>> rows = new EnumMap<>(SinkTable.class);
  private long lineNumber;

  public SinkRows() {
    for (SinkTable table : SinkTable.values()) {
      rows.put(table, new ArrayList<>());
    }
  }

  /** Adds every line of a JSON-lines text; blank lines are ignored. */
  public SinkRows addLines(Iterable<String> lines) {
    lines.forEach(this::addLine);
    return this;
  }

  public SinkRows addLine(String line) {
    lineNumber++;
    if (line.isBlank()) {
      return this;
    }
    Map<String, Object> entry =
        LogLineReader.read(line).map(this::entryFromJson).orElseGet(() -> entryFromText(line));
    SinkTable table = route(entry);
    entry.put("logName", "projects/local/logs/" + logName(table));
    entry.put("resource", resource(table, entry));
    List<Value> row = new ArrayList<>();
    for (SinkColumn column : LogSinkSchema.columns(table)) {
      row.add(ZetaSqlTypes.value(column, entry.get(column.name())));
    }
    rows.get(table).add(row);
    return this;
  }

  public List<List<Value>> rows(SinkTable table) {
    return List.copyOf(rows.get(table));
  }

  public int size() {
    return rows.values().stream().mapToInt(List::size).sum();
  }

  private Map<String, Object> entryFromJson(Map<String, Object> line) {
    Map<String, Object> entry = new HashMap<>();
    Map<String, Object> payload = new LinkedHashMap<>();
    line.forEach(
        (key, value) -> {
          switch (key) {
            case LogKeys.SEVERITY -> entry.put("severity", value);
            case LogKeys.TIME -> entry.put("timestamp", instant(value));
            case LogKeys.LABELS -> entry.put("labels", value);
            case LogKeys.TRACE -> entry.put("trace", value);
            case LogKeys.SPAN_ID -> entry.put("spanId", value);
            case LogKeys.SOURCE_LOCATION -> entry.put("sourceLocation", value);
            default -> {
              if (!key.startsWith(GOOGLE_KEY_PREFIX)) {
                payload.put(key, value);
              }
            }
          }
        });
    entry.put("jsonPayload", payload);
    if (entry.get("timestamp") == null) {
      entry.put("timestamp", Instant.now());
    }
    entry.put("receiveTimestamp", entry.get("timestamp"));
    entry.put("insertId", Long.toString(lineNumber));
    return entry;
  }

  private Map<String, Object> entryFromText(String line) {
    Map<String, Object> entry = new HashMap<>();
    entry.put("textPayload", line);
    entry.put("severity", "DEFAULT");
    entry.put("timestamp", Instant.now());
    entry.put("receiveTimestamp", entry.get("timestamp"));
    entry.put("insertId", Long.toString(lineNumber));
    return entry;
  }

  private static SinkTable route(Map<String, Object> entry) {
    Object service = label(entry, "service");
    return service != null && service.toString().startsWith("recorder")
        ? SinkTable.CONTAINER_STDOUT
        : SinkTable.RUN_STDOUT;
  }

  private static Object label(Map<String, Object> entry, String name) {
    return entry.get("labels") instanceof Map<?, ?> labels ? labels.get(name) : null;
  }

  private static String logName(SinkTable table) {
    return table == SinkTable.CONTAINER_STDOUT ? "stdout" : "run.googleapis.com%2Fstdout";
  }

  private static Map<String, Object> resource(SinkTable table, Map<String, Object> entry) {
    Map<String, Object> labels = new HashMap<>();
    labels.put("project_id", "local");
    labels.put("location", "local");
    Object service = label(entry, "service");
    if (table == SinkTable.CONTAINER_STDOUT) {
      labels.put("cluster_name", "local");
      labels.put("namespace_name", "meetrec");
      labels.put("pod_name", label(entry, "pod"));
      labels.put("container_name", service);
    } else {
      labels.put("service_name", service);
      labels.put("configuration_name", service);
      labels.put("revision_name", label(entry, "version"));
    }
    return Map.of("type", table.resourceType(), "labels", labels);
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
