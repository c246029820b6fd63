package io.meetrec.signing.token;

import io.meetrec.functions.http.StrictJson;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code {recordingId, owner}} strictly: unknown fields and wrong types are refused. */
@Singleton
public class JoinTokenRequestParser {

  private static final Set<String> FIELDS = Set.of("recordingId", "owner");
  // Recording ids and pod names are both short tokens; anything else is not one of ours.
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@-]{1,253}");

  private final JsonMapper json;

  public JoinTokenRequestParser(JsonMapper json) {
    this.json = json;
  }

  public JoinTokenRequest parse(byte[] body) {
    JsonNode root = StrictJson.object(json, body, FIELDS);
    return new JoinTokenRequest(field(root, "recordingId"), field(root, "owner"));
  }

  private static String field(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      throw new RecordingException(ErrorCode.INVALID_FIELD, name + " is required");
    }
    if (!node.isString() || !TOKEN.matcher(node.getStringValue()).matches()) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD, name + " must be a string of 1-253 letters, digits or ._:@-");
    }
    return node.getStringValue();
  }
}
