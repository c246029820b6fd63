package io.meetrec.shared.security;

import java.time.Duration;

/**
 * Remembers the nonces of verified requests so a captured request cannot be sent twice. The
 * signature check itself is stateless; whoever verifies calls this afterwards, with a TTL at least
 * as long as the timestamp tolerance (a nonce older than that is refused as expired anyway).
 */
@FunctionalInterface
public interface ReplayGuard {

  /**
   * Records the nonce atomically.
   *
   * @return true the first time a client uses the nonce within {@code ttl}, false on a replay
   */
  boolean firstUse(String clientId, String nonce, Duration ttl);
}
