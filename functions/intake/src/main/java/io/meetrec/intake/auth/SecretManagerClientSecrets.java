package io.meetrec.intake.auth;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Client secrets from Secret Manager ({@code meetrec-client-secrets}). The latest version holds the
 * current secrets; the version before it holds the previous ones, which still verify during the
 * rotation overlap. Both are cached for {@link AuthConfiguration#cacheTtl()} so a request costs no
 * Secret Manager call in the common case.
 */
@Singleton
@Requires(property = AuthConfiguration.PREFIX + ".source", value = "secret-manager")
public class SecretManagerClientSecrets implements ClientSecrets {

  private record Snapshot(Map<String, Secret> current, Map<String, Secret> previous, Instant at) {}

  private final SecretVersions versions;
  private final JsonMapper json;
  private final AuthConfiguration config;
  private final Clock clock;
  private final ClientVersions client;
  private volatile Snapshot snapshot;

  public SecretManagerClientSecrets(AuthConfiguration config, JsonMapper json) {
    this.client = new ClientVersions(config);
    this.versions = client;
    this.json = json;
    this.config = config;
    this.clock = Clock.systemUTC();
  }

  SecretManagerClientSecrets(
      SecretVersions versions, AuthConfiguration config, JsonMapper json, Clock clock) {
    this.client = null;
    this.versions = versions;
    this.json = json;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Optional<SecretKeySet> find(String clientId) {
    Snapshot s = snapshot();
    Secret current = s.current().get(clientId);
    if (current == null) {
      return Optional.empty();
    }
    Secret previous = s.previous().get(clientId);
    return Optional.of(new SecretKeySet(current, previous));
  }

  private Snapshot snapshot() {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (s != null && now.isBefore(s.at().plus(config.cacheTtl()))) {
      return s;
    }
    synchronized (this) {
      if (snapshot == null || !now.isBefore(snapshot.at().plus(config.cacheTtl()))) {
        snapshot = load(now);
      }
      return snapshot;
    }
  }

  private Snapshot load(Instant now) {
    try {
      SecretVersions.Version latest = versions.latest();
      Map<String, Secret> current = ClientSecretsJson.parse(json, latest.payload(), "latest");
      Map<String, Secret> previous =
          latest.number() > 1
              ? versions
                  .version(latest.number() - 1)
                  .map(p -> ClientSecretsJson.parse(json, p, "previous"))
                  .orElse(Map.of())
              : Map.of();
      return new Snapshot(current, previous, now);
    } catch (ApiException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "client secrets unavailable", e);
    }
  }

  @PreDestroy
  void close() {
    if (client != null) {
      client.close();
    }
  }

  /** The real Secret Manager, its client created on first use so start-up needs no credentials. */
  private static final class ClientVersions implements SecretVersions {
    private final AuthConfiguration config;
    private SecretManagerServiceClient client;

    ClientVersions(AuthConfiguration config) {
      this.config = config;
    }

    private synchronized SecretManagerServiceClient client() {
      if (client == null) {
        try {
          client = SecretManagerServiceClient.create();
        } catch (IOException e) {
          throw new RecordingException(ErrorCode.UNAVAILABLE, "client secrets unavailable", e);
        }
      }
      return client;
    }

    synchronized void close() {
      if (client != null) {
        client.close();
      }
    }

    @Override
    public Version latest() {
      var response = client().accessSecretVersion(name("latest"));
      long number = Long.parseLong(SecretVersionName.parse(response.getName()).getSecretVersion());
      return new Version(number, response.getPayload().getData().toStringUtf8());
    }

    @Override
    public Optional<String> version(long number) {
      try {
        return Optional.of(
            client()
                .accessSecretVersion(name(Long.toString(number)))
                .getPayload()
                .getData()
                .toStringUtf8());
      } catch (com.google.api.gax.rpc.NotFoundException
          | com.google.api.gax.rpc.FailedPreconditionException gone) {
        return Optional.empty();
      }
    }

    private SecretVersionName name(String version) {
      return SecretVersionName.of(config.projectId(), config.secretName(), version);
    }
  }
}
