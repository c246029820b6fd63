package io.meetrec.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows of a query result with plain Java values ({@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, {@code Instant}, {@code LocalDate}, or their {@code toString()} for anything
 * else); {@code null} for SQL NULL.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {

  public QueryResult {
    columns = List.copyOf(columns);
    rows =
        rows.stream()
            .map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
            .toList();
  }

  /** The rows as maps keyed by column name, for tests and callers that look values up by name. */
  public List<Map<String, Object>> asMaps() {
    return rows.stream()
        .map(
            row -> {
              Map<String, Object> map = new java.util.LinkedHashMap<>();
              for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), row.get(i));
              }
              return map;
            })
        .toList();
  }

  /** A fixed-width text table, as the command prints it. */
  public String format() {
    List<List<String>> cells = new ArrayList<>();
    cells.add(columns);
    rows.forEach(row -> cells.add(row.stream().map(QueryResult::cell).toList()));
    int[] widths = new int[columns.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      List<String> line = cells.get(r);
      for (int i = 0; i < line.size(); i++) {
        out.append(i == 0 ? "" : "  ").append(pad(line.get(i), widths[i]));
      }
      out.append(System.lineSeparator());
      if (r == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.append(System.lineSeparator());
      }
    }
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)");
    return out.append(System.lineSeparator()).toString();
  }

  private static String cell(Object value) {
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue())
          : String.format(java.util.Locale.ROOT, "%.4f", d).replaceAll("0+$", "");
    }
    return Objects.toString(value, "NULL");
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
