package io.meetrec.intake.auth;

import io.meetrec.shared.security.SecretKeySet;
import java.util.Optional;

/**
 * The per-client HMAC secrets, current and (during a rotation) previous. Narrow on purpose: Secret
 * Manager has no local emulator, so the cloud implementation and the local one must be
 * interchangeable behind this one call.
 */
public interface ClientSecrets {

  /** The secrets of {@code clientId}, or empty for a client nobody registered. */
  Optional<SecretKeySet> find(String clientId);
}
