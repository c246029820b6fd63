package io.meetrec.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.webhooks.WebhooksConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/reliability.md's delivery schedule table and total span are the configured default. */
class RetryScheduleDocTest {

  @Test
  void theDocumentedScheduleIsTheDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "..", "docs", "reliability.md"));
    String section = doc.substring(doc.indexOf("## Webhook delivery"));
    section = section.substring(0, section.indexOf("\n## ", 5));
    List<String[]> rows = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (line.matches("\\| \\d+ \\|.*")) {
        String[] cells = line.split("\\|");
        rows.add(new String[] {cells[1].trim(), cells[2].trim(), cells[3].trim()});
      }
    }
    List<Duration> schedule = WebhooksConfiguration.DEFAULT_RETRY_SCHEDULE;
    assertThat(rows).hasSize(schedule.size());
    Duration since = Duration.ZERO;
    for (int i = 0; i < schedule.size(); i++) {
      since = i == 0 ? Duration.ZERO : since.plus(schedule.get(i));
      assertThat(rows.get(i)[0]).isEqualTo(Integer.toString(i + 1));
      assertThat(rows.get(i)[1]).isEqualTo(human(schedule.get(i)));
      assertThat(rows.get(i)[2]).isEqualTo(human(since));
    }
    assertThat(since).isEqualTo(Duration.ofHours(27).plusMinutes(35).plusSeconds(5));
    assertThat(section).contains("Total span: **27 h 35 min 5 s**");
  }

  private static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    List<String> parts = new ArrayList<>();
    if (d.toHours() > 0) {
      parts.add(d.toHours() + "h");
    }
    if (d.toMinutesPart() > 0) {
      parts.add(d.toMinutesPart() + "m");
    }
    if (d.toSecondsPart() > 0) {
      parts.add(d.toSecondsPart() + "s");
    }
    return String.join(" ", parts);
  }
}
