package io.meetrec.intake.auth;

import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Client secrets from configuration: inline JSON ({@code clients-json}) and/or a file in the same
 * format ({@code clients-file}, e.g. a mounted secret). For local runs and tests.
 */
@Singleton
@Requires(
    property = AuthConfiguration.PREFIX + ".source",
    value = "config",
    defaultValue = "config")
public class ConfiguredClientSecrets implements ClientSecrets {

  private final Map<String, Secret> secrets;

  public ConfiguredClientSecrets(AuthConfiguration config, JsonMapper json) {
    Map<String, Secret> all = new HashMap<>();
    if (config.clientsFile() != null && !config.clientsFile().isBlank()) {
      try {
        String text = Files.readString(Path.of(config.clientsFile()));
        all.putAll(ClientSecretsJson.parse(json, text, config.clientsFile()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read client secrets file " + config.clientsFile());
      }
    }
    if (config.clientsJson() != null && !config.clientsJson().isBlank()) {
      all.putAll(ClientSecretsJson.parse(json, config.clientsJson(), "clients-json"));
    }
    this.secrets = Map.copyOf(all);
  }

  @Override
  public Optional<SecretKeySet> find(String clientId) {
    return Optional.ofNullable(secrets.get(clientId)).map(s -> new SecretKeySet(s, null));
  }
}
