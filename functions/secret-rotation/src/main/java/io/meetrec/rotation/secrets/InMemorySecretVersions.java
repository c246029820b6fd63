package io.meetrec.rotation.secrets;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Secret versions kept in memory, for local runs and tests: Secret Manager has no emulator. Behaves
 * like Secret Manager for what rotation uses (numeric ids, creation time from the clock).
 */
@Singleton
@Requires(property = "meetrec.rotation.backend", value = "in-memory")
public final class InMemorySecretVersions implements SecretVersions {

  private record Stored(SecretVersion version, byte[] value) {}

  private final Clock clock;
  private final Map<String, List<Stored>> secrets = new HashMap<>();

  public InMemorySecretVersions(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized List<SecretVersion> list(String secretId) {
    return secrets.getOrDefault(secretId, List.of()).stream().map(Stored::version).toList();
  }

  @Override
  public synchronized SecretVersion add(String secretId, byte[] value) {
    List<Stored> versions = secrets.computeIfAbsent(secretId, k -> new ArrayList<>());
    SecretVersion v =
        new SecretVersion(Integer.toString(versions.size() + 1), clock.instant(), true);
    versions.add(new Stored(v, value.clone()));
    return v;
  }

  @Override
  public synchronized void disable(String secretId, String versionId) {
    List<Stored> versions = secrets.getOrDefault(secretId, List.of());
    for (int i = 0; i < versions.size(); i++) {
      Stored s = versions.get(i);
      if (s.version().id().equals(versionId)) {
        versions.set(
            i, new Stored(new SecretVersion(versionId, s.version().createdAt(), false), s.value()));
        return;
      }
    }
    throw new IllegalArgumentException("no version " + versionId + " of " + secretId);
  }

  @Override
  public synchronized byte[] access(String secretId, String versionId) {
    return secrets.getOrDefault(secretId, List.of()).stream()
        .filter(s -> s.version().id().equals(versionId))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no version " + versionId + " of " + secretId))
        .value()
        .clone();
  }
}
