package io.meetrec.shared.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.logging.LogOutcome;
import io.meetrec.testing.docs.DocTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The doc tables that list values of shared's contracts are the values the code declares: a value
 * added, renamed or dropped in code and not in the doc fails here, with the table to paste.
 */
class ContractDocsTest {

  private final Path docs = DocTable.repository().resolve("docs");

  @Test
  void loggingDocListsEveryOutcomeTheEmitterAccepts() throws Exception {
    List<List<String>> expected =
        Arrays.stream(LogOutcome.values())
            .map(o -> List.of("`" + o.event().eventName() + "`", "`" + o.wire() + "`", o.meaning()))
            .toList();

    assertThat(DocTable.rows(docs.resolve("logging.md"), "## Values of `outcome`"))
        .as("docs/logging.md, 'Values of `outcome`', should read:%n%s", table(expected))
        .isEqualTo(expected);
  }

  @Test
  void errorCodesDocListsEveryCodeWithItsStatusAndFault() throws Exception {
    List<List<String>> expected =
        Arrays.stream(ErrorCode.values())
            .map(
                c ->
                    List.of(
                        "`" + c.wire() + "`",
                        Integer.toString(c.httpStatus()),
                        c.fault().name().toLowerCase(Locale.ROOT),
                        c.retryable() ? "yes" : "no"))
            .toList();

    assertThat(DocTable.rows(docs.resolve("errors.md"), "## Codes"))
        .as("docs/errors.md, 'Codes', should read:%n%s", table(expected))
        .isEqualTo(expected);
  }

  private static String table(List<List<String>> rows) {
    return rows.stream().map(DocTable::line).collect(Collectors.joining("\n"));
  }
}
