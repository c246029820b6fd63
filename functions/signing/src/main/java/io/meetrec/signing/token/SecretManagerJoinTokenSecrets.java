package io.meetrec.signing.token;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * The join token secret from Secret Manager ({@code meetrec-join-token-secret}, latest version,
 * base64), cached for {@link TokenConfiguration#cacheTtl()}. Recorders verify with the current and
 * previous versions, so minting with the latest is always accepted.
 */
@Singleton
@Requires(property = TokenConfiguration.PREFIX + ".secret-source", value = "secret-manager")
public class SecretManagerJoinTokenSecrets implements JoinTokenSecrets {

  private record Cached(Secret secret, Instant at) {}

  private final TokenConfiguration config;
  private SecretManagerServiceClient client;
  private final Clock clock = Clock.systemUTC();
  private volatile Cached cached;

  public SecretManagerJoinTokenSecrets(TokenConfiguration config) {
    this.config = config;
  }

  /** Created on first use, so a credentials problem is a 503 on minting, not a failed start. */
  private synchronized SecretManagerServiceClient client() {
    if (client == null) {
      try {
        client = SecretManagerServiceClient.create();
      } catch (IOException e) {
        throw new RecordingException(ErrorCode.UNAVAILABLE, "join token secret unavailable", e);
      }
    }
    return client;
  }

  @Override
  public Secret current() {
    Cached c = cached;
    Instant now = clock.instant();
    if (c != null && now.isBefore(c.at().plus(config.cacheTtl()))) {
      return c.secret();
    }
    try {
      String base64 =
          client()
              .accessSecretVersion(
                  SecretVersionName.of(config.projectId(), config.secretName(), "latest"))
              .getPayload()
              .getData()
              .toStringUtf8()
              .trim();
      Cached fresh = new Cached(Secret.fromBase64(base64), now);
      cached = fresh;
      return fresh.secret();
    } catch (ApiException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "join token secret unavailable", e);
    }
  }

  @PreDestroy
  synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
