package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator's entry point, {@code bin/recorder-logs}, run as a process. */
class RecorderLogsScriptIT {

  @Test
  void binRecorderLogsPrintsTheRecordingsPerDayOfALogFile() throws Exception {
    Path script = Path.of("..", "bin", "recorder-logs").toAbsolutePath().normalize();
    Process process =
        new ProcessBuilder(
                script.toString(),
                "local",
                "recordings_per_day",
                "--file",
                FleetLogFile.get().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .containsPattern("\\d{4}-\\d{2}-\\d{2}\\s+completed\\s+2\\s+1600\\s+3200")
        .containsPattern("failed\\s+2")
        .contains("(3 rows)");
  }
}
