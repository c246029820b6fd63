package io.meetrec.logs.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics.QueryStatistics;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import io.meetrec.logs.QueryResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a saved query in BigQuery with the Google Cloud client and application default credentials:
 * a dry run first, which reports the bytes the query will scan (what it costs), then the query.
 */
public final class BigQueryRunner {

  private final BigQuery bigQuery;

  public BigQueryRunner(String projectId) {
    this.bigQuery = BigQueryOptions.newBuilder().setProjectId(projectId).build().getService();
  }

  /** Bytes the query would scan, from a dry run (no cost, no result). */
  public long dryRun(String sql) {
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder(sql).setDryRun(true).setUseQueryCache(false).build();
    Job job = bigQuery.create(JobInfo.of(config));
    QueryStatistics statistics = job.getStatistics();
    Long bytes = statistics.getTotalBytesProcessed();
    return bytes == null ? 0 : bytes;
  }

  /**
   * Runs the query; BigQuery refuses it without charge if it would bill more than {@code
   * maximumBytesBilled} (when positive).
   */
  public QueryResult run(String sql, long maximumBytesBilled) throws InterruptedException {
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql);
    if (maximumBytesBilled > 0) {
      config.setMaximumBytesBilled(maximumBytesBilled);
    }
    TableResult result = bigQuery.query(config.build());
    List<Field> fields = result.getSchema() == null ? List.of() : result.getSchema().getFields();
    List<List<Object>> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        values.add(toJava(fields.get(i), row.get(i)));
      }
      rows.add(values);
    }
    return new QueryResult(fields.stream().map(Field::getName).toList(), rows);
  }

  private static Object toJava(Field field, FieldValue value) {
    if (value.isNull()) {
      return null;
    }
    if (value.getAttribute() != FieldValue.Attribute.PRIMITIVE) {
      return String.valueOf(value.getValue());
    }
    LegacySQLTypeName type = field.getType();
    if (LegacySQLTypeName.INTEGER.equals(type)) {
      return value.getLongValue();
    } else if (LegacySQLTypeName.FLOAT.equals(type)) {
      return value.getDoubleValue();
    } else if (LegacySQLTypeName.BOOLEAN.equals(type)) {
      return value.getBooleanValue();
    } else if (LegacySQLTypeName.TIMESTAMP.equals(type)) {
      return value.getTimestampInstant();
    } else if (LegacySQLTypeName.DATE.equals(type)) {
      return LocalDate.parse(value.getStringValue());
    }
    return value.getStringValue();
  }
}
