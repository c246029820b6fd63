package io.meetrec.functions.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request body as one JSON object whose fields are all known: anything else is refused with
 * {@code malformed_json} or {@code unknown_field}, before a single value is looked at.
 */
public final class StrictJson {

  private StrictJson() {}

  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Refuses what a lenient reader would quietly accept: bytes that are not UTF-8 (no encoding
   * detection), a duplicated key (which value wins differs between readers), and anything after the
   * one JSON document (trailing data, a second document).
   */
  static String strictText(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body is not UTF-8");
    }
    try (JsonParser p = STRICT.createParser(text)) {
      if (p.nextToken() == null) {
        throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body is empty");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new RecordingException(
            ErrorCode.MALFORMED_JSON, "request body holds data after its JSON document");
      }
    } catch (StreamReadException e) {
      String why =
          e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
              ? "request body repeats a field"
              : "request body is not valid JSON";
      throw new RecordingException(ErrorCode.MALFORMED_JSON, why);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body is not valid JSON");
    }
    return text;
  }

  /** Refuses a declared charset other than UTF-8 (JSON is UTF-8, RFC 8259 §8.1). */
  public static void requireUtf8(@Nullable String contentType) {
    if (contentType == null) {
      return;
    }
    for (String param : contentType.split(";")) {
      String[] kv = param.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String charset = kv[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw new RecordingException(
              ErrorCode.MALFORMED_JSON, "request body must be UTF-8 (charset=utf-8)");
        }
      }
    }
  }

  public static JsonNode object(JsonMapper json, byte[] body, Set<String> fields) {
    strictText(body);
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
