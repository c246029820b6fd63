package io.meetrec.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rotation logic around Secret Manager (latest = current, the version before = previous,
 * cached), with an in-memory stand-in for the versions: Secret Manager has no emulator.
 */
class SecretManagerClientSecretsTest {

  private static final AuthConfiguration CONFIG =
      new AuthConfiguration(
          "secret-manager",
          null,
          null,
          "meetrec-client-secrets",
          "p",
          Duration.ofSeconds(60),
          Duration.ofSeconds(300));

  static final class InMemoryVersions implements SecretVersions {
    final Map<Long, String> versions = new HashMap<>();
    int reads;

    @Override
    public Version latest() {
      reads++;
      long n = versions.keySet().stream().max(Long::compare).orElseThrow();
      return new Version(n, versions.get(n));
    }

    @Override
    public Optional<String> version(long number) {
      return Optional.ofNullable(versions.get(number));
    }
  }

  private static String json(String client, String secret) {
    return "{\"%s\":\"%s\"}"
        .formatted(
            client, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static Secret secret(String s) {
    return Secret.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theVersionBeforeTheLatestStillVerifiesDuringARotation() {
    InMemoryVersions versions = new InMemoryVersions();
    versions.versions.put(1L, json("acme", "old-secret"));
    versions.versions.put(2L, json("acme", "new-secret"));
    var secrets =
        new SecretManagerClientSecrets(
            versions, CONFIG, JsonMapper.createDefault(), Clock.systemUTC());

    SecretKeySet keys = secrets.find("acme").orElseThrow();

    assertThat(keys.current()).isEqualTo(secret("new-secret"));
    assertThat(keys.previous()).isEqualTo(secret("old-secret"));
    assertThat(secrets.find("globex")).isEmpty();
  }

  @Test
  void readsSecretManagerOncePerCacheWindow() {
    InMemoryVersions versions = new InMemoryVersions();
    versions.versions.put(1L, json("acme", "only-secret"));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var secrets =
        new SecretManagerClientSecrets(
            versions, CONFIG, JsonMapper.createDefault(), Clock.fixed(t0, ZoneOffset.UTC));

    secrets.find("acme");
    secrets.find("acme");

    assertThat(versions.reads).isEqualTo(1);
    assertThat(secrets.find("acme").orElseThrow().previous()).isNull();
  }
}
