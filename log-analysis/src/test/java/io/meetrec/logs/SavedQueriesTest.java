package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.meetrec.logs.local.LocalQueryEngine;
import io.meetrec.logs.query.SavedQueries;
import io.meetrec.logs.query.SavedQuery;
import io.meetrec.shared.logging.LogField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every saved query is analysed by ZetaSQL against the sink tables derived from the contract. */
class SavedQueriesTest {

  private static final SavedQueries QUERIES = SavedQueries.load();
  private static LocalQueryEngine engine;

  @BeforeAll
  static void analyserOverTheDerivedSchema() {
    engine = LocalQueryEngine.empty(QUERIES);
  }

  static Stream<String> queryNames() {
    return QUERIES.all().stream().map(SavedQuery::name);
  }

  @ParameterizedTest
  @MethodSource("queryNames")
  void analysesWithoutErrorAgainstTheSinkSchema(String name) {
    SavedQuery query = QUERIES.find(name).orElseThrow();
    assertThatCode(() -> engine.analyze(query)).as(name).doesNotThrowAnyException();
    assertThat(engine.analyze(query)).isNotEmpty();
    assertThat(query.description()).as("first comment line of %s", name).isNotBlank();
  }

  @Test
  void eventsViewExposesEveryContractField() {
    List<String> columns =
        engine.analyze(QUERIES.eventsView()).stream().map(String::toLowerCase).toList();
    for (LogField field : LogField.values()) {
      assertThat(columns).as("view column for %s", field.key()).contains(field.columnName());
    }
    assertThat(columns).contains("timestamp", "severity", "event", "service", "version", "pod");
  }

  @Test
  void indexListsEverySqlFileOfTheQueriesDirectory() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/queries"))) {
      List<String> onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
      assertThat(QUERIES.all().stream().map(SavedQuery::name).sorted().toList()).isEqualTo(onDisk);
    }
  }

  @Test
  void onlyTheApproximateLatencyQueryIsBigQueryOnlyAndHasAnExactVariant() {
    List<String> bigQueryOnly =
        QUERIES.all().stream().filter(SavedQuery::bigQueryOnly).map(SavedQuery::name).toList();
    assertThat(bigQueryOnly).containsExactly("latency_percentiles");
    assertThat(QUERIES.find("latency_percentiles_exact")).isPresent();
  }

  @Test
  void queriesUseOnlyTheDatasetPlaceholderTerraformFills() {
    for (SavedQuery query : QUERIES.all()) {
      String withoutPlaceholder = query.template().replace(SavedQuery.DATASET_PLACEHOLDER, "");
      assertThat(withoutPlaceholder).as(query.name()).doesNotContain("${").doesNotContain("%{");
    }
  }
}
