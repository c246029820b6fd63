package io.meetrec.shared.security;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Objects;

/**
 * The secrets that verify during a rotation: new signatures use {@code current}, and signatures
 * made with {@code previous} keep verifying until the rotation completes and it is dropped.
 *
 * @param previous the secret being rotated out; null outside a rotation
 */
public record SecretKeySet(Secret current, @Nullable Secret previous) {

  public SecretKeySet {
    Objects.requireNonNull(current, "current");
  }

  public static SecretKeySet of(Secret current) {
    return new SecretKeySet(current, null);
  }

  /** The key set after a rotation to {@code next}: the current secret becomes the previous one. */
  public SecretKeySet rotate(Secret next) {
    return new SecretKeySet(next, current);
  }

  /** The secrets to try, current first. */
  public List<Secret> candidates() {
    return previous == null ? List.of(current) : List.of(current, previous);
  }

  @Override
  public String toString() {
    return "SecretKeySet[current=redacted, previous="
        + (previous == null ? "none" : "redacted")
        + "]";
  }
}
