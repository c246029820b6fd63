package io.meetrec.functions.http;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request body as one JSON object whose fields are all known: anything else is refused with
 * {@code malformed_json} or {@code unknown_field}, before a single value is looked at.
 */
public final class StrictJson {

  private StrictJson() {}

  public static JsonNode object(JsonMapper json, byte[] body, Set<String> fields) {
    JsonNode root;
    try {
      root = json.readValue(body, Argument.of(JsonNode.class));
    } catch (IOException | RuntimeException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : root.entries()) {
      if (!fields.contains(field.getKey())) {
        throw new RecordingException(
            ErrorCode.UNKNOWN_FIELD, "unknown field: " + printable(field.getKey()));
      }
    }
    return root;
  }

  /** A caller-supplied name as it may appear in an error: short, without control characters. */
  public static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
