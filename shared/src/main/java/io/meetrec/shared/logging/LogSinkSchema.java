package io.meetrec.shared.logging;

import static io.meetrec.shared.logging.BigQueryType.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The BigQuery tables a Cloud Logging sink (partitioned tables) writes the services' stdout into,
 * derived from the log contract. The sink names a table after the log: GKE container stdout is the
 * log {@code stdout}, Cloud Run and Cloud Functions gen2 stdout is {@code
 * run.googleapis.com/stdout}, whose table name replaces the dots and slash with underscores. Column
 * names follow the sink's rules: LogEntry fields keep their names, payload and label keys are
 * lower-cased.
 *
 * <p>A sink only adds a column once it has seen the field, so a query over a young table can fail
 * on a column no line has carried yet; creating the tables up front with {@link #bigQueryJson} (as
 * the Terraform does) avoids that.
 */
public final class LogSinkSchema {

  /** The sink tables the saved queries read. */
  public enum SinkTable {
    /** The recorder's container logs on GKE ({@code k8s_container} resource). */
    CONTAINER_STDOUT(
        "stdout",
        "k8s_container",
        List.of(
            "project_id",
            "location",
            "cluster_name",
            "namespace_name",
            "pod_name",
            "container_name")),
    /** The functions' logs (Cloud Functions gen2 run on Cloud Run: {@code cloud_run_revision}). */
    RUN_STDOUT(
        "run_googleapis_com_stdout",
        "cloud_run_revision",
        List.of("project_id", "location", "service_name", "revision_name", "configuration_name"));

    private final String tableName;
    private final String resourceType;
    private final List<String> resourceLabels;

    SinkTable(String tableName, String resourceType, List<String> resourceLabels) {
      this.tableName = tableName;
      this.resourceType = resourceType;
      this.resourceLabels = resourceLabels;
    }

    public String tableName() {
      return tableName;
    }

    public String resourceType() {
      return resourceType;
    }

    public List<String> resourceLabels() {
      return resourceLabels;
    }
  }

  /** Keys of the user labels the encoder writes ({@code logging.googleapis.com/labels}). */
  public static final List<String> LABELS = List.of("service", "version", "pod", "node");

  /** Payload keys that are not {@link LogField}s, all strings. */
  public static final List<String> PAYLOAD_TEXT_KEYS =
      List.of(LogKeys.MESSAGE, LogKeys.EVENT, LogKeys.LOGGER, LogKeys.THREAD, LogKeys.STACK_TRACE);

  private LogSinkSchema() {}

  /** The {@code jsonPayload} struct: the encoder's own keys, then every field of the catalogue. */
  public static SinkColumn jsonPayload() {
    List<SinkColumn> fields = new ArrayList<>();
    PAYLOAD_TEXT_KEYS.forEach(key -> fields.add(SinkColumn.of(key, STRING)));
    for (LogField field : LogField.values()) {
      fields.add(SinkColumn.of(field.columnName(), field.bigQueryType()));
    }
    return SinkColumn.struct("jsonPayload", fields);
  }

  /** The columns of one sink table. */
  public static List<SinkColumn> columns(SinkTable table) {
    return List.of(
        SinkColumn.of("logName", STRING),
        SinkColumn.struct(
            "resource",
            List.of(
                SinkColumn.of("type", STRING),
                SinkColumn.struct(
                    "labels",
                    table.resourceLabels.stream().map(l -> SinkColumn.of(l, STRING)).toList()))),
        SinkColumn.of("textPayload", STRING),
        jsonPayload(),
        SinkColumn.of("timestamp", TIMESTAMP),
        SinkColumn.of("receiveTimestamp", TIMESTAMP),
        SinkColumn.of("severity", STRING),
        SinkColumn.of("insertId", STRING),
        SinkColumn.of("trace", STRING),
        SinkColumn.of("spanId", STRING),
        SinkColumn.struct(
            "sourceLocation",
            List.of(
                SinkColumn.of("file", STRING),
                SinkColumn.of("line", INT64),
                SinkColumn.of("function", STRING))),
        SinkColumn.struct("labels", LABELS.stream().map(l -> SinkColumn.of(l, STRING)).toList()));
  }

  /** The table's schema in BigQuery's JSON form ({@code bq mk --schema}, Terraform's schema). */
  public static String bigQueryJson(SinkTable table) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      writeColumns(json, columns(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void writeColumns(JsonGenerator json, List<SinkColumn> columns)
      throws IOException {
    json.writeStartArray();
    for (SinkColumn column : columns) {
      json.writeStartObject();
      json.writeStringField("name", column.name());
      json.writeStringField("type", column.type().schemaName());
      json.writeStringField("mode", "NULLABLE");
      if (column.type() == STRUCT) {
        json.writeFieldName("fields");
        writeColumns(json, column.fields());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
