package io.meetrec.testing.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first Markdown table under a heading of a checked-in document, as rows of trimmed cells
 * (header and separator left out), so docs tests can compare it with what the code declares.
 */
public final class DocTable {

  private DocTable() {}

  /** The repository root, from a module's working directory. */
  public static Path repository() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("docs"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
    }
    return here;
  }

  /** The rows of the first table after the line {@code heading} in {@code doc}. */
  public static List<List<String>> rows(Path doc, String heading) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    int at = lines.indexOf(heading);
    if (at < 0) {
      throw new IllegalStateException(doc + " has no heading '" + heading + "'");
    }
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        rows.add(cells(line));
      } else if (inTable || line.startsWith("#")) {
        break;
      }
    }
    if (rows.size() < 2) {
      throw new IllegalStateException(doc + " has no table under '" + heading + "'");
    }
    return rows.subList(2, rows.size());
  }

  /** A table row as Markdown writes it, for failure messages that show the expected table. */
  public static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }
}
