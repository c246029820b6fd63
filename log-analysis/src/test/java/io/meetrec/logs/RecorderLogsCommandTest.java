package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecorderLogsCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new RecorderLogsCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listsEverySavedQueryWithItsDescription() {
    assertThat(run("list")).isZero();
    assertThat(out())
        .contains("recordings_per_day")
        .contains("Recordings per day (UTC) by outcome")
        .contains("expired_and_dead_lettered")
        .containsPattern("latency_percentiles .*\\[BigQuery only]");
  }

  @Test
  void runsASavedQueryLocallyOverAJsonLinesLogFile() {
    String file = FleetLogFile.get().toString();
    assertThat(run("local", "recordings_per_day", "--file", file)).isZero();
    System.out.print(out());
    assertThat(out())
        .containsPattern(
            "day\\s+outcome\\s+recordings\\s+avg_queue_latency_ms\\s+avg_start_latency_ms")
        .containsPattern("\\d{4}-\\d{2}-\\d{2}\\s+completed\\s+2\\s+1600\\s+3200\\s+0\\.667")
        .contains("(3 rows)");
  }

  @Test
  void showsTheSqlForADataset() {
    assertThat(run("show", "recordings_per_day", "--dataset", "my-project.meetrec_logs")).isZero();
    assertThat(out()).contains("`my-project.meetrec_logs.meetrec_events`").doesNotContain("${");
  }

  @Test
  void printsTheSinkTableSchemaForTerraform() {
    assertThat(run("schema", "run_googleapis_com_stdout")).isZero();
    assertThat(out()).contains("\"name\" : \"jsonPayload\"").contains("\"service_name\"");
  }

  @Test
  void refusesBadInvocationsWithUsage() {
    assertThat(run()).isEqualTo(RecorderLogsCommand.USAGE);
    assertThat(run("run", "recordings_per_day")).isEqualTo(RecorderLogsCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Missing required option: '--project");
    assertThat(run("local", "no_such_query", "--file", "x")).isEqualTo(RecorderLogsCommand.USAGE);
    assertThat(run("local", "latency_percentiles", "--file", FleetLogFile.get().toString()))
        .isEqualTo(RecorderLogsCommand.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("latency_percentiles_exact");
  }

  @Test
  void printsTheOptionsOfOneCommandOnHelp() {
    assertThat(run("help", "run")).isZero();
    assertThat(out())
        .contains("--project")
        .contains("--dataset")
        .contains("--dry-run")
        .contains("--max-bytes");
  }

  @Test
  void formatsByteCountsForTheDryRun() {
    assertThat(RecorderLogsCommand.humanBytes(512)).isEqualTo("512 B");
    assertThat(RecorderLogsCommand.humanBytes(3L * 1024 * 1024 * 1024))
        .isEqualTo("3.0 GiB (3221225472 bytes)");
  }
}
