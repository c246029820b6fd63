package io.meetrec.signing.token;

import io.meetrec.shared.security.Secret;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The join token secret from configuration ({@code meetrec.signing.token.secret}, base64). */
@Singleton
@Requires(
    property = TokenConfiguration.PREFIX + ".secret-source",
    value = "config",
    defaultValue = "config")
public class ConfiguredJoinTokenSecrets implements JoinTokenSecrets {

  private final Secret secret;

  public ConfiguredJoinTokenSecrets(TokenConfiguration config) {
    if (config.secret() == null || config.secret().isBlank()) {
      throw new IllegalStateException(TokenConfiguration.PREFIX + ".secret is not set");
    }
    this.secret = Secret.fromBase64(config.secret());
  }

  @Override
  public Secret current() {
    return secret;
  }
}
