package io.meetrec.intake.auth;

import java.util.Optional;

/**
 * Reads versions of one Secret Manager secret. Split from {@link SecretManagerClientSecrets} so the
 * rotation logic (latest plus the version before it) is testable without Google.
 */
public interface SecretVersions {

  /** A version's number and payload. */
  record Version(long number, String payload) {}

  Version latest();

  /** The payload of version {@code number}, or empty if it is disabled, destroyed or missing. */
  Optional<String> version(long number);
}
