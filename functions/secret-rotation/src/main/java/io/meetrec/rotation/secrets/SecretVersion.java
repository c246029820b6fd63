package io.meetrec.rotation.secrets;

import java.time.Instant;
import java.util.Comparator;

/**
 * One version of a secret: its id ({@code "1"}, {@code "2"}, ...), when it was added, its state.
 */
public record SecretVersion(String id, Instant createdAt, boolean enabled) {

  /** Newest first; Secret Manager's increasing numeric ids break ties. */
  public static final Comparator<SecretVersion> NEWEST_FIRST =
      Comparator.comparing(SecretVersion::createdAt).thenComparing(v -> numeric(v.id())).reversed();

  private static long numeric(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
