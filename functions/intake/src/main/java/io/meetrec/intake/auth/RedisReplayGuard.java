package io.meetrec.intake.auth;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.security.ReplayGuard;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Remembers each (client, nonce) pair in Redis for as long as its signature could still be
 * accepted; SET NX makes the first use win even when two instances see the same request at once.
 */
@Singleton
public class RedisReplayGuard implements ReplayGuard {

  static final String KEY_PREFIX = "meetrec:nonce:";

  private final RedisCommands<String, String> redis;

  public RedisReplayGuard(StatefulRedisConnection<String, String> connection) {
    this.redis = connection.sync();
  }

  @Override
  public boolean firstUse(String clientId, String nonce, Duration ttl) {
    String set =
        redis.set(
            KEY_PREFIX + clientId + ":" + nonce, "1", SetArgs.Builder.nx().px(ttl.toMillis()));
    return "OK".equals(set);
  }
}
