package io.meetrec.shared.logging;

/** The BigQuery column types the log sink produces for the contract's fields. */
public enum BigQueryType {
  STRING,
  INT64,
  FLOAT64,
  BOOL,
  TIMESTAMP,
  STRUCT;

  /** The legacy type name BigQuery's JSON table schema uses ({@code FLOAT}, {@code RECORD} ...). */
  public String schemaName() {
    return switch (this) {
      case STRING -> "STRING";
      case INT64 -> "INTEGER";
      case FLOAT64 -> "FLOAT";
      case BOOL -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMP";
      case STRUCT -> "RECORD";
    };
  }
}
