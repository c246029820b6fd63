package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.meetrec.logs.local.LocalQueryEngine;
import io.meetrec.logs.local.SinkRows;
import io.meetrec.logs.query.SavedQueries;
import io.meetrec.logs.query.SavedQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every locally executable query over the JSON-lines logs that other modules' tests leave in
 * {@code target/meetrec-logs/*.jsonl} (present when those modules were built before this one, as in
 * the full build). Which files were read is printed; with none, only the fleet log file is used.
 */
class OtherModulesLogFilesTest {

  private static final SavedQueries QUERIES = SavedQueries.load();

  @Test
  void everyQueryRunsOverTheLogsOtherModulesWrote() throws IOException {
    List<Path> files = otherModulesLogFiles();
    System.out.println("log files from other modules: " + files);
    SinkRows rows = new SinkRows().addLines(Files.readAllLines(FleetLogFile.get()));
    for (Path file : files) {
      rows.addLines(Files.readAllLines(file));
    }
    LocalQueryEngine engine = new LocalQueryEngine(rows, QUERIES);
    for (SavedQuery query : QUERIES.all()) {
      if (!query.bigQueryOnly()) {
        assertThatCode(() -> engine.execute(query)).as(query.name()).doesNotThrowAnyException();
      }
    }
    assertThat(engine.execute(QUERIES.find("recordings_per_day").orElseThrow()).rows())
        .isNotEmpty();
  }

  private static List<Path> otherModulesLogFiles() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> moduleDirs = new java.util.ArrayList<>();
    for (Path parent : List.of(root, root.resolve("functions"))) {
      try (Stream<Path> dirs = Files.list(parent)) {
        dirs.filter(Files::isDirectory).forEach(moduleDirs::add);
      }
    }
    List<Path> files = new java.util.ArrayList<>();
    for (Path module : moduleDirs) {
      Path logs = module.resolve("target").resolve("meetrec-logs");
      if (Files.isDirectory(logs)) {
        try (Stream<Path> found = Files.list(logs)) {
          found.filter(p -> p.getFileName().toString().endsWith(".jsonl")).forEach(files::add);
        }
      }
    }
    return files.stream().sorted().toList();
  }
}
