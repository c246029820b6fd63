package io.meetrec.intake.auth;

import io.meetrec.shared.security.Secret;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The format of {@code meetrec-client-secrets}: a JSON object mapping client id to base64 secret.
 */
final class ClientSecretsJson {

  private ClientSecretsJson() {}

  static Map<String, Secret> parse(JsonMapper json, String text, String source) {
    Map<String, String> raw;
    try {
      raw =
          json.readValue(
              text.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, String.class));
    } catch (IOException | RuntimeException e) {
      // Never echo the text: it is the secret material.
      throw new IllegalStateException("client secrets in " + source + " are not a JSON map");
    }
    Map<String, Secret> out = new HashMap<>();
    raw.forEach((client, base64) -> out.put(client, Secret.fromBase64(base64)));
    return Map.copyOf(out);
  }
}
