package io.meetrec.intake.recordings;

import java.util.Set;

/** Exposes the parser's field lists to tests in other packages. */
public final class ParserContract {

  private ParserContract() {}

  public static Set<String> fields() {
    return CreateRecordingParser.FIELDS;
  }

  public static Set<String> required() {
    return CreateRecordingParser.REQUIRED;
  }
}
