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
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code recorder-logs}: the operators' tool for the saved log queries. Picocli parses the command
 * line and prints the usage (`recorder-logs help COMMAND` for one command).
 *
 * <pre>
 * recorder-logs list
 * recorder-logs show &lt;query&gt; [--dataset PROJECT.DATASET]
 * recorder-logs run &lt;query&gt; --project P [--dataset DATASET] [--dry-run] [--max-bytes N]
 * recorder-logs local &lt;query&gt; --file logs.jsonl
 * recorder-logs schema [stdout|run_googleapis_com_stdout]
 * </pre>
 */
@Command(
    name = "recorder-logs",
    mixinStandardHelpOptions = true,
    description =
        "The saved BigQuery log queries: in BigQuery, or locally over a JSON-lines log file.",
    subcommands = HelpCommand.class)
public final class RecorderLogsCommand implements Callable<Integer> {

  /** Dataset the Terraform creates for the log sink. */
  public static final String DEFAULT_DATASET = "meetrec_logs";

  static final int OK = CommandLine.ExitCode.OK;
  static final int FAILED = CommandLine.ExitCode.SOFTWARE;
  static final int USAGE = CommandLine.ExitCode.USAGE;

  private final PrintWriter out;
  private final PrintWriter err;
  private final SavedQueries queries = SavedQueries.load();

  @Spec private CommandSpec spec;

  RecorderLogsCommand(PrintStream out, PrintStream err) {
    this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    this.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    System.exit(new RecorderLogsCommand(System.out, System.err).run(args));
  }

  /** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). */
  int run(String[] args) {
    CommandLine commandLine =
        new CommandLine(this)
            .setOut(out)
            .setErr(err)
            .registerConverter(SavedQuery.class, this::savedQuery)
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                  }
                  err.println("recorder-logs: " + e.getMessage());
                  return FAILED;
                });
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Without a command: the usage, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return USAGE;
  }

  private SavedQuery savedQuery(String name) {
    return queries
        .find(name)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "no saved query " + name + " (see: recorder-logs list)"));
  }

  @Command(name = "list", description = "The saved queries.")
  int list() {
    List<SavedQuery> all = queries.all();
    int width = all.stream().mapToInt(q -> q.name().length()).max().orElse(0);
    for (SavedQuery query : all) {
      String note = query.bigQueryOnly() ? " [BigQuery only]" : "";
      out.println(
          query.name()
              + " ".repeat(width - query.name().length() + 2)
              + query.description()
              + note);
    }
    return OK;
  }

  @Command(name = "show", description = "The SQL of a query for a dataset.")
  int show(
      @Parameters(paramLabel = "QUERY", description = "a saved query (see: list)") SavedQuery query,
      @Option(
              names = "--dataset",
              paramLabel = "PROJECT.DATASET",
              description = "the dataset to name; the placeholder stays without it")
          String dataset) {
    out.print(query.render(dataset == null ? SavedQuery.DATASET_PLACEHOLDER : dataset));
    return OK;
  }

  @Command(
      name = "run",
      description = "Dry run (bytes to scan, on stderr), then run in BigQuery and print a table.")
  int runInBigQuery(
      @Parameters(paramLabel = "QUERY", description = "a saved query (see: list)") SavedQuery query,
      @Option(names = "--project", required = true, description = "the Google Cloud project")
          String project,
      @Option(
              names = "--dataset",
              defaultValue = DEFAULT_DATASET,
              description =
                  "the sink's dataset, in the project or as PROJECT.DATASET (default: "
                      + DEFAULT_DATASET
                      + ")")
          String dataset,
      @Option(names = "--dry-run", description = "only the dry run") boolean dryRunOnly,
      @Option(
              names = "--max-bytes",
              defaultValue = "0",
              description = "BigQuery refuses a query that would bill more (0: no limit)")
          long maxBytes)
      throws InterruptedException {
    String sql = query.render(dataset.contains(".") ? dataset : project + "." + dataset);
    BigQueryRunner bigQuery = new BigQueryRunner(project);
    long bytes = bigQuery.dryRun(sql);
    err.printf("dry run: %s will scan %s%n", query.name(), humanBytes(bytes));
    if (dryRunOnly) {
      return OK;
    }
    out.print(bigQuery.run(sql, maxBytes).format());
    return OK;
  }

  @Command(name = "local", description = "Run over a JSON-lines log file with ZetaSQL.")
  int runLocally(
      @Parameters(paramLabel = "QUERY", description = "a saved query (see: list)") SavedQuery query,
      @Option(
              names = "--file",
              required = true,
              paramLabel = "logs.jsonl",
              description = "lines as CloudLoggingEncoder writes them")
          Path file)
      throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    SinkRows rows = new SinkRows().addLines(lines);
    LocalQueryEngine engine = new LocalQueryEngine(rows, queries);
    out.print(engine.execute(query).format());
    return OK;
  }

  @Command(name = "schema", description = "The sink table's BigQuery schema (JSON).")
  int schema(
      @Parameters(
              paramLabel = "TABLE",
              arity = "0..1",
              defaultValue = "stdout",
              description = "stdout (the recorder) or run_googleapis_com_stdout (the functions)")
          String name) {
    SinkTable table =
        Arrays.stream(SinkTable.values())
            .filter(t -> t.tableName().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine().getSubcommands().get("schema"),
                        "no sink table " + name));
    out.print(LogSinkSchema.bigQueryJson(table));
    return OK;
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
        : String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
  }
}
