package io.meetrec.intake.recordings;

import io.meetrec.functions.http.StrictJson;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a create request field by field from the JSON tree, so each refusal names the field and
 * says whether it was unknown, of the wrong type or out of range. Binding straight to a record
 * would coerce {@code "30"} to 30 and lose the distinction between the three.
 */
@Singleton
public class CreateRecordingParser {

  static final String CONFERENCE_ID_PATTERN = "^[A-Za-z0-9._:@-]+$";
  static final Set<String> FIELDS =
      Set.of(
          "meetingUrl",
          "conferenceId",
          "maxDurationSeconds",
          "video",
          "audioOnly",
          "webhookUrl",
          "metadata");
  static final Set<String> REQUIRED = Set.of("meetingUrl", "conferenceId");
  private static final Set<String> VIDEO_FIELDS = Set.of("width", "height", "fps");
  private static final Pattern CONFERENCE_ID = Pattern.compile(CONFERENCE_ID_PATTERN);

  private final JsonMapper json;
  private final RecordingsConfiguration limits;

  public CreateRecordingParser(JsonMapper json, RecordingsConfiguration limits) {
    this.json = json;
    this.limits = limits;
  }

  public CreateRecordingRequest parse(byte[] body) {
    JsonNode root = StrictJson.object(json, body, FIELDS);
    String meetingUrl = string(root, "meetingUrl", limits.maxUrlLength(), true);
    String conferenceId = string(root, "conferenceId", limits.maxConferenceIdLength(), true);
    if (!CONFERENCE_ID.matcher(conferenceId).matches()) {
      throw invalid("conferenceId", "may contain only letters, digits and . _ : @ -");
    }
    Integer maxDuration = integer(root, "maxDurationSeconds", 1, limits.maxDurationSeconds());
    Boolean audioOnly = bool(root, "audioOnly");
    VideoSpec video = video(root.get("video"));
    if (Boolean.TRUE.equals(audioOnly) && video != null) {
      throw invalid("video", "must be absent when audioOnly is true");
    }
    String webhookUrl = string(root, "webhookUrl", limits.maxUrlLength(), false);
    Map<String, String> metadata = metadata(root.get("metadata"));
    return new CreateRecordingRequest(
        meetingUrl, conferenceId, maxDuration, video, audioOnly, webhookUrl, metadata);
  }

  private String string(JsonNode root, String name, int maxLength, boolean required) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw invalid(name, "is required");
      }
      return null;
    }
    if (!node.isString()) {
      throw invalid(name, "must be a string");
    }
    String value = node.getStringValue();
    if (value.isEmpty() || value.length() > maxLength) {
      throw invalid(name, "must be 1 to " + maxLength + " characters");
    }
    return value;
  }

  private static Integer integer(JsonNode root, String name, int min, int max) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    return integerValue(node, name, min, max);
  }

  private static int integerValue(JsonNode node, String name, int min, int max) {
    if (!node.isNumber()) {
      throw invalid(name, "must be an integer");
    }
    Number n = node.getNumberValue();
    if (!(n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof BigInteger)) {
      throw invalid(name, "must be an integer");
    }
    BigInteger value = n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw invalid(name, "must be between " + min + " and " + max);
    }
    return value.intValue();
  }

  private static Boolean bool(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw invalid(name, "must be a boolean");
    }
    return node.getBooleanValue();
  }

  private VideoSpec video(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid("video", "must be an object with width, height and fps");
    }
    for (Map.Entry<String, JsonNode> field : node.entries()) {
      if (!VIDEO_FIELDS.contains(field.getKey())) {
        throw new RecordingException(
            ErrorCode.UNKNOWN_FIELD,
            "unknown field: video." + StrictJson.printable(field.getKey()));
      }
    }
    int width = required(node, "width", 160, limits.maxWidth());
    int height = required(node, "height", 120, limits.maxHeight());
    int fps = required(node, "fps", 1, limits.maxFps());
    if (width % 2 != 0 || height % 2 != 0) {
      // 4:2:0 chroma subsampling needs even dimensions.
      throw invalid("video", "width and height must be even");
    }
    return new VideoSpec(width, height, fps);
  }

  private static int required(JsonNode video, String name, int min, int max) {
    JsonNode node = video.get(name);
    if (node == null || node.isNull()) {
      throw invalid("video." + name, "is required");
    }
    return integerValue(node, "video." + name, min, max);
  }

  private Map<String, String> metadata(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid("metadata", "must be an object of strings");
    }
    if (node.size() > limits.maxMetadataEntries()) {
      throw invalid("metadata", "may hold at most " + limits.maxMetadataEntries() + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.entries()) {
      String key = e.getKey();
      if (key.isEmpty() || key.length() > limits.maxMetadataKeyLength()) {
        throw invalid(
            "metadata", "keys must be 1 to " + limits.maxMetadataKeyLength() + " characters");
      }
      if (!e.getValue().isString()) {
        throw invalid("metadata." + StrictJson.printable(key), "must be a string");
      }
      String value = e.getValue().getStringValue();
      if (value.length() > limits.maxMetadataValueLength()) {
        throw invalid(
            "metadata." + StrictJson.printable(key),
            "must be at most " + limits.maxMetadataValueLength() + " characters");
      }
      out.put(key, value);
    }
    return out;
  }

  private static RecordingException invalid(String field, String why) {
    return new RecordingException(ErrorCode.INVALID_FIELD, field + " " + why);
  }
}
