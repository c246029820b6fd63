package io.meetrec.intake.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.intake.problem.RateLimitedException;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * A fixed-window counter per client in Redis. Fixed windows allow a burst of up to twice the limit
 * across a window boundary; that is acceptable for a front door whose real protection is the
 * recorder fleet's own capacity, and it costs one round trip.
 */
@Singleton
public class RateLimiter {

  static final String KEY_PREFIX = "meetrec:rl:";

  private static final String COUNT =
      """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return n
      """;

  private final RedisCommands<String, String> redis;
  private final RateLimitConfiguration config;
  private final Clock clock;

  public RateLimiter(
      StatefulRedisConnection<String, String> connection, RateLimitConfiguration config) {
    this(connection.sync(), config, Clock.systemUTC());
  }

  RateLimiter(RedisCommands<String, String> redis, RateLimitConfiguration config, Clock clock) {
    this.redis = redis;
    this.config = config;
    this.clock = clock;
  }

  /** Counts one request of {@code clientId}; throws {@link RateLimitedException} beyond budget. */
  public void acquire(String clientId) {
    long windowMillis = config.window().toMillis();
    long now = clock.millis();
    long window = now / windowMillis;
    String key = KEY_PREFIX + clientId + ":" + window;
    Long count =
        redis.eval(
            COUNT, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(windowMillis * 2));
    if (count != null && count > config.limit()) {
      long windowEnds = (window + 1) * windowMillis;
      throw new RateLimitedException((windowEnds - now + 999) / 1000);
    }
  }
}
