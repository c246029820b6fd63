package io.meetrec.rotation.secrets;

import io.meetrec.rotation.RotationConfiguration;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Rotates one secret: a new random version once the current one is older than the interval; the
 * version it replaced stays enabled until the overlap has passed since the replacement, so
 * signatures made just before a rotation still verify; anything older is disabled. Running it again
 * inside the interval and the overlap changes nothing.
 *
 * <p>Values are base64 text of random bytes, the form the recorder and the functions read.
 */
@Singleton
public final class SecretRotator {

  private final SecretVersions versions;
  private final RotationConfiguration config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SecretRotator(SecretVersions versions, RotationConfiguration config, Clock clock) {
    this.versions = versions;
    this.config = config;
    this.clock = clock;
  }

  public RotationResult rotate(String secretId) {
    Instant now = clock.instant();
    List<SecretVersion> enabled =
        new ArrayList<>(
            versions.list(secretId).stream()
                .filter(SecretVersion::enabled)
                .sorted(SecretVersion.NEWEST_FIRST)
                .toList());
    String added = null;
    if (enabled.isEmpty()
        || !now.isBefore(enabled.getFirst().createdAt().plus(config.interval()))) {
      SecretVersion fresh = versions.add(secretId, newValue());
      added = fresh.id();
      enabled.addFirst(fresh);
    }
    SecretVersion current = enabled.getFirst();
    boolean inOverlap = now.isBefore(current.createdAt().plus(config.overlap()));
    String previous = null;
    List<String> disabled = new ArrayList<>();
    for (int i = 1; i < enabled.size(); i++) {
      SecretVersion older = enabled.get(i);
      if (i == 1 && inOverlap) {
        previous = older.id();
      } else {
        versions.disable(secretId, older.id());
        disabled.add(older.id());
      }
    }
    return new RotationResult(secretId, added, List.copyOf(disabled), current.id(), previous);
  }

  /**
   * Gives a secret that is never rotated its first version when it has no enabled one; returns the
   * id of the version added, or null when it had one already.
   */
  public String seed(String secretId, byte[] firstValue) {
    boolean present = versions.list(secretId).stream().anyMatch(SecretVersion::enabled);
    return present ? null : versions.add(secretId, firstValue).id();
  }

  /** The value of a version, as text (base64 of the random bytes). */
  public String value(String secretId, String versionId) {
    return new String(versions.access(secretId, versionId), StandardCharsets.US_ASCII).trim();
  }

  private byte[] newValue() {
    byte[] raw = new byte[config.secretBytes()];
    random.nextBytes(raw);
    return Base64.getEncoder().encode(raw);
  }
}
