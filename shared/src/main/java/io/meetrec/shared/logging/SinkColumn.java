package io.meetrec.shared.logging;

import java.util.List;
import java.util.Optional;

/** A column of a log sink table; {@code fields} are the members of a {@code STRUCT}. */
public record SinkColumn(String name, BigQueryType type, List<SinkColumn> fields) {

  public SinkColumn {
    fields = List.copyOf(fields);
  }

  public static SinkColumn of(String name, BigQueryType type) {
    return new SinkColumn(name, type, List.of());
  }

  public static SinkColumn struct(String name, List<SinkColumn> fields) {
    return new SinkColumn(name, BigQueryType.STRUCT, fields);
  }

  public Optional<SinkColumn> field(String fieldName) {
    return fields.stream().filter(f -> f.name.equalsIgnoreCase(fieldName)).findFirst();
  }
}
