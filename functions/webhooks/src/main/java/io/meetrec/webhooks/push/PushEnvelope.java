package io.meetrec.webhooks.push;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Pub/Sub push request: {@code {"message":{"data","attributes","messageId"},"subscription",
 * "deliveryAttempt"}}. Pub/Sub writes some keys in both camelCase and snake_case; both are read.
 *
 * @param deliveryAttempt Pub/Sub's count of deliveries of this message (1 = first); present only
 *     when the subscription has a dead-letter policy
 */
public record PushEnvelope(
    byte[] data,
    Map<String, String> attributes,
    @Nullable String messageId,
    @Nullable String subscription,
    @Nullable Integer deliveryAttempt) {

  public static PushEnvelope parse(JsonMapper json, byte[] body) {
    JsonNode root;
    try {
      root = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "push body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "push body is not a JSON object");
    }
    JsonNode message = root.get("message");
    if (message == null || !message.isObject()) {
      throw new RecordingException(ErrorCode.INVALID_FIELD, "push body has no message");
    }
    byte[] data;
    JsonNode dataNode = message.get("data");
    try {
      data =
          dataNode == null || !dataNode.isString()
              ? new byte[0]
              : Base64.getDecoder().decode(dataNode.getStringValue());
    } catch (IllegalArgumentException e) {
      throw new RecordingException(ErrorCode.INVALID_FIELD, "message.data is not base64");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attrs = message.get("attributes");
    if (attrs != null && attrs.isObject()) {
      for (Map.Entry<String, JsonNode> e : attrs.entries()) {
        if (e.getValue().isString()) {
          attributes.put(e.getKey(), e.getValue().getStringValue());
        }
      }
    }
    Integer attempt = null;
    JsonNode attemptNode = first(root, "deliveryAttempt", "delivery_attempt");
    if (attemptNode != null && attemptNode.isNumber()) {
      attempt = attemptNode.getIntValue();
    }
    return new PushEnvelope(
        data,
        Map.copyOf(attributes),
        text(first(message, "messageId", "message_id")),
        text(root.get("subscription")),
        attempt);
  }

  private static @Nullable JsonNode first(JsonNode node, String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isString() ? node.getStringValue() : null;
  }
}
