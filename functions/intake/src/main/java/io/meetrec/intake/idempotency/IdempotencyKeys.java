package io.meetrec.intake.idempotency;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Remembers {@code Idempotency-Key}s per client in Redis: the first request with a key reserves it
 * for its recording id and body hash in one SET NX, so two racing requests with the same key cannot
 * both create a recording.
 */
@Singleton
public class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  static final String KEY_PREFIX = "meetrec:idem:";
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final RedisCommands<String, String> redis;
  private final IdempotencyConfiguration config;

  public IdempotencyKeys(
      StatefulRedisConnection<String, String> connection, IdempotencyConfiguration config) {
    this.redis = connection.sync();
    this.config = config;
  }

  /** What an earlier request with the same key and body created. */
  public record Earlier(String recordingId) {}

  /** Refuses keys that are empty, too long or not printable ASCII. */
  public static String validate(String key) {
    if (!VALID.matcher(key).matches()) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD, HEADER + " must be 1-255 printable ASCII characters");
    }
    return key;
  }

  /**
   * Reserves {@code key} for {@code recordingId}. Empty when this request is the first with the
   * key; the earlier recording when the same body came before; 409 when the body differs.
   */
  public Optional<Earlier> reserve(String clientId, String key, byte[] body, String recordingId) {
    String hash = sha256(body);
    String redisKey = redisKey(clientId, key);
    String set =
        redis.set(
            redisKey, hash + " " + recordingId, SetArgs.Builder.nx().px(config.ttl().toMillis()));
    if ("OK".equals(set)) {
      return Optional.empty();
    }
    String existing = redis.get(redisKey);
    if (existing == null) {
      // Released between our SET and GET (the first request failed): the caller may retry.
      throw new RecordingException(
          ErrorCode.IDEMPOTENCY_CONFLICT, "a request with this Idempotency-Key just failed; retry");
    }
    int space = existing.indexOf(' ');
    if (!existing.substring(0, space).equals(hash)) {
      throw new RecordingException(
          ErrorCode.IDEMPOTENCY_CONFLICT,
          "this Idempotency-Key was used with a different request body");
    }
    return Optional.of(new Earlier(existing.substring(space + 1)));
  }

  /** Forgets a reservation whose recording was never announced, so a retry can create it. */
  public void release(String clientId, String key) {
    redis.del(redisKey(clientId, key));
  }

  private static String redisKey(String clientId, String key) {
    return KEY_PREFIX + clientId + ":" + sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
