package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.LogSinkSchema;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checked-in descriptions of the contract stay what the code says. */
class LogContractDocsTest {

  @Test
  void docsCatalogueListsEveryEventWithItsFieldsAndEveryFieldWithItsType() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "logging.md"));
    for (LogEvent event : LogEvent.values()) {
      String fields =
          event.fields().stream().map(f -> "`" + f.key() + "`").collect(Collectors.joining(", "));
      assertThat(docs).contains("| `" + event.eventName() + "` | " + fields + " |");
    }
    for (LogField field : LogField.values()) {
      assertThat(docs)
          .contains(
              "| `%s` | %s | `jsonPayload.%s` | %s |"
                  .formatted(
                      field.key(),
                      field.kind().name().toLowerCase(java.util.Locale.ROOT),
                      field.columnName(),
                      field.bigQueryType()));
    }
  }

  @Test
  void schemaFilesForTerraformMatchTheDerivedSinkSchema() throws IOException {
    for (SinkTable table : SinkTable.values()) {
      Path file = Path.of("src/main/resources/schema", table.tableName() + ".json");
      assertThat(Files.readString(file))
          .as(
              "%s is stale: regenerate with bin/recorder-logs schema %s > %s",
              file, table.tableName(), file)
          .isEqualTo(LogSinkSchema.bigQueryJson(table));
    }
  }
}
