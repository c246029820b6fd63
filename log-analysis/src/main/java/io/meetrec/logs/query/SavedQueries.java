package io.meetrec.logs.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The saved queries shipped in {@code queries/} on the classpath, in the order of {@code
 * queries/index.txt}. The view {@value #EVENTS_VIEW} comes first: the other queries read it.
 */
public final class SavedQueries {

  /** The view flattening both sink tables into one row per structured event. */
  public static final String EVENTS_VIEW = "meetrec_events";

  private static final String DIRECTORY = "queries/";

  private final List<SavedQuery> queries;

  private SavedQueries(List<SavedQuery> queries) {
    this.queries = List.copyOf(queries);
  }

  public static SavedQueries load() {
    List<SavedQuery> queries =
        resource("index.txt")
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(SavedQueries::loadQuery)
            .toList();
    return new SavedQueries(queries);
  }

  public List<SavedQuery> all() {
    return queries;
  }

  public Optional<SavedQuery> find(String name) {
    String wanted = name.endsWith(".sql") ? name.substring(0, name.length() - 4) : name;
    return queries.stream().filter(q -> q.name().equals(wanted)).findFirst();
  }

  public SavedQuery eventsView() {
    return find(EVENTS_VIEW).orElseThrow();
  }

  private static SavedQuery loadQuery(String name) {
    String sql = resource(name + ".sql");
    String description =
        sql.lines()
            .filter(line -> line.startsWith("--"))
            .findFirst()
            .map(line -> line.substring(2).strip())
            .orElse("");
    return new SavedQuery(name, description, sql);
  }

  private static String resource(String file) {
    try (InputStream in =
        SavedQueries.class.getClassLoader().getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalStateException("missing saved query resource " + DIRECTORY + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
