package io.meetrec.logs.local;

import com.google.zetasql.StructType;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import io.meetrec.shared.logging.SinkColumn;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Converts the log contract's sink columns and log-line values to ZetaSQL types and values. */
final class ZetaSqlTypes {

  private ZetaSqlTypes() {}

  static Type type(SinkColumn column) {
    return switch (column.type()) {
      case STRING -> TypeFactory.createSimpleType(TypeKind.TYPE_STRING);
      case INT64 -> TypeFactory.createSimpleType(TypeKind.TYPE_INT64);
      case FLOAT64 -> TypeFactory.createSimpleType(TypeKind.TYPE_DOUBLE);
      case BOOL -> TypeFactory.createSimpleType(TypeKind.TYPE_BOOL);
      case TIMESTAMP -> TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP);
      case STRUCT ->
          TypeFactory.createStructType(
              column.fields().stream()
                  .map(field -> new StructType.StructField(field.name(), type(field)))
                  .toList());
    };
  }

  /**
   * The value of a column from what a JSON log line held, converted the way the sink converts it; a
   * value that does not fit the column becomes NULL (the real sink would reject the row).
   */
  static Value value(SinkColumn column, Object json) {
    Type type = type(column);
    if (json == null) {
      return Value.createNullValue(type);
    }
    return switch (column.type()) {
      case STRING -> Value.createStringValue(json.toString());
      case INT64 ->
          json instanceof Number n
              ? Value.createInt64Value(n.longValue())
              : parseLong(json.toString(), type);
      case FLOAT64 ->
          json instanceof Number n
              ? Value.createDoubleValue(n.doubleValue())
              : Value.createNullValue(type);
      case BOOL ->
          json instanceof Boolean b ? Value.createBoolValue(b) : Value.createNullValue(type);
      case TIMESTAMP ->
          json instanceof Instant i
              ? Value.createTimestampValueFromUnixMicros(
                  ChronoUnit.MICROS.between(Instant.EPOCH, i))
              : Value.createNullValue(type);
      case STRUCT -> struct(column, json, type);
    };
  }

  private static Value struct(SinkColumn column, Object json, Type type) {
    if (!(json instanceof Map<?, ?> map)) {
      return Value.createNullValue(type);
    }
    Map<String, Object> byLowerName = new TreeMap<>();
    map.forEach((k, v) -> byLowerName.put(k.toString().toLowerCase(Locale.ROOT), v));
    List<Value> fields = new ArrayList<>();
    for (SinkColumn field : column.fields()) {
      fields.add(value(field, byLowerName.get(field.name().toLowerCase(Locale.ROOT))));
    }
    return Value.createStructValue(type.asStruct(), fields);
  }

  private static Value parseLong(String text, Type type) {
    try {
      return Value.createInt64Value(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Value.createNullValue(type);
    }
  }

  /** A result value as a plain Java value (see {@link io.meetrec.logs.QueryResult}). */
  static Object toJava(Value value) {
    if (value.isNull()) {
      return null;
    }
    return switch (value.getType().getKind()) {
      case TYPE_STRING -> value.getStringValue();
      case TYPE_INT64 -> value.getInt64Value();
      case TYPE_DOUBLE -> value.getDoubleValue();
      case TYPE_BOOL -> value.getBoolValue();
      case TYPE_TIMESTAMP -> Instant.EPOCH.plus(value.getTimestampUnixMicros(), ChronoUnit.MICROS);
      case TYPE_DATE -> value.getLocalDateValue();
      case TYPE_NUMERIC, TYPE_BIGNUMERIC -> value.getNumericValue().doubleValue();
      default -> value.toString();
    };
  }
}
