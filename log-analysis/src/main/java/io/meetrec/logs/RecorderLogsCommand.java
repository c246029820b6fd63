package io.meetrec.logs;

import io.meetrec.logs.bigquery.BigQueryRunner;
import io.meetrec.logs.local.LocalQueryEngine;
import io.meetrec.logs.local.SinkRows;
import io.meetrec.logs.query.SavedQueries;
import io.meetrec.logs.query.SavedQuery;
import io.meetrec.shared.logging.LogSinkSchema;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code recorder-logs}: the operators' tool for the saved log queries.
 *
 * <pre>
 * recorder-logs list
 * recorder-logs show &lt;query&gt; [--dataset PROJECT.DATASET]
 * recorder-logs run &lt;query&gt; --project P [--dataset DATASET] [--dry-run] [--max-bytes N]
 * recorder-logs local &lt;query&gt; --file logs.jsonl
 * recorder-logs schema [stdout|run_googleapis_com_stdout]
 * </pre>
 */
public final class RecorderLogsCommand {

  /** Dataset the Terraform creates for the log sink. */
  public static final String DEFAULT_DATASET = "meetrec_logs";

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      """
      usage: recorder-logs <command>
        list                                   the saved queries
        show <query> [--dataset P.D]           the SQL of a query for a dataset
        run <query> --project P [--dataset D] [--dry-run] [--max-bytes N]
                                               dry run (bytes to scan), then run in BigQuery
        local <query> --file logs.jsonl        run over a JSON-lines log file with ZetaSQL
        schema [stdout|run_googleapis_com_stdout]
                                               the sink table's BigQuery schema (JSON)
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final SavedQueries queries = SavedQueries.load();

  RecorderLogsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new RecorderLogsCommand(System.out, System.err).run(args));
  }

  int run(String[] args) {
    if (args.length == 0) {
      err.print(USAGE_TEXT);
      return USAGE;
    }
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--dry-run")) {
        options.put("dry-run", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else if (args[i].startsWith("--")) {
        return usage("option " + args[i] + " needs a value");
      } else {
        positional.add(args[i]);
      }
    }
    try {
      return switch (args[0]) {
        case "list" -> list();
        case "show" -> withQuery(positional, q -> show(q, options));
        case "run" -> withQuery(positional, q -> runInBigQuery(q, options));
        case "local" -> withQuery(positional, q -> runLocally(q, options));
        case "schema" -> schema(positional);
        case "help", "--help", "-h" -> {
          out.print(USAGE_TEXT);
          yield OK;
        }
        default -> usage("unknown command " + args[0]);
      };
    } catch (IllegalArgumentException e) {
      err.println("recorder-logs: " + e.getMessage());
      return FAILED;
    }
  }

  private interface QueryAction {
    int apply(SavedQuery query) throws Exception;
  }

  private int withQuery(List<String> positional, QueryAction action) {
    if (positional.size() != 1) {
      return usage("name one saved query (see: recorder-logs list)");
    }
    Optional<SavedQuery> query = queries.find(positional.getFirst());
    if (query.isEmpty()) {
      return usage("no saved query " + positional.getFirst() + " (see: recorder-logs list)");
    }
    try {
      return action.apply(query.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("recorder-logs: interrupted");
      return FAILED;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      err.println("recorder-logs: " + e.getMessage());
      return FAILED;
    }
  }

  private int list() {
    int width = queries.all().stream().mapToInt(q -> q.name().length()).max().orElse(0);
    for (SavedQuery query : queries.all()) {
      String note = query.bigQueryOnly() ? " [BigQuery only]" : "";
      out.println(
          query.name()
              + " ".repeat(width - query.name().length() + 2)
              + query.description()
              + note);
    }
    return OK;
  }

  private int show(SavedQuery query, Map<String, String> options) {
    out.print(query.render(options.getOrDefault("dataset", SavedQuery.DATASET_PLACEHOLDER)));
    return OK;
  }

  private int runInBigQuery(SavedQuery query, Map<String, String> options)
      throws InterruptedException {
    String project = options.get("project");
    if (project == null) {
      return usage("run needs --project");
    }
    String dataset = options.getOrDefault("dataset", DEFAULT_DATASET);
    String sql = query.render(dataset.contains(".") ? dataset : project + "." + dataset);
    BigQueryRunner bigQuery = new BigQueryRunner(project);
    long bytes = bigQuery.dryRun(sql);
    err.printf("dry run: %s will scan %s%n", query.name(), humanBytes(bytes));
    if (options.containsKey("dry-run")) {
      return OK;
    }
    long maxBytes = Long.parseLong(options.getOrDefault("max-bytes", "0"));
    out.print(bigQuery.run(sql, maxBytes).format());
    return OK;
  }

  private int runLocally(SavedQuery query, Map<String, String> options) throws IOException {
    String file = options.get("file");
    if (file == null) {
      return usage("local needs --file logs.jsonl");
    }
    List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    SinkRows rows = new SinkRows().addLines(lines);
    LocalQueryEngine engine = new LocalQueryEngine(rows, queries);
    out.print(engine.execute(query).format());
    return OK;
  }

  private int schema(List<String> positional) {
    String name = positional.isEmpty() ? "stdout" : positional.getFirst();
    Optional<SinkTable> table =
        Arrays.stream(SinkTable.values()).filter(t -> t.tableName().equals(name)).findFirst();
    if (table.isEmpty()) {
      return usage("no sink table " + name);
    }
    out.print(LogSinkSchema.bigQueryJson(table.get()));
    return OK;
  }

  private int usage(String problem) {
    err.println("recorder-logs: " + problem);
    err.print(USAGE_TEXT);
    return USAGE;
  }

  static String humanBytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
  }
}
