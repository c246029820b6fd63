package io.meetrec.logs.query;

import java.util.Locale;

/**
 * A saved query: BigQuery SQL over the log sink's dataset, written with a {@code ${dataset}}
 * placeholder (the same syntax Terraform's {@code templatefile} fills when it creates the views).
 *
 * @param name the file name without {@code .sql}, also the view name
 * @param description the first comment line of the file
 * @param template the SQL with the placeholder
 */
public record SavedQuery(String name, String description, String template) {

  /** The placeholder for {@code project.dataset}. */
  public static final String DATASET_PLACEHOLDER = "${dataset}";

  /** The SQL for a dataset, e.g. {@code my-project.meetrec_logs}. */
  public String render(String dataset) {
    return template.replace(DATASET_PLACEHOLDER, dataset);
  }

  /**
   * Whether the query uses BigQuery's approximate aggregates, which ZetaSQL's reference engine
   * analyses but cannot execute locally.
   */
  public boolean bigQueryOnly() {
    return template.toUpperCase(Locale.ROOT).contains("APPROX_");
  }
}
