package io.meetrec.shared.store;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The webhook function's memory of every event it accepted, so a delivery outlives the Pub/Sub
 * message that brought it: the event is written here once (verified), then attempted on its
 * schedule from the due-queue by whichever function instance holds its lock. The lock on the event
 * id is what keeps a push redelivered while a slow attempt is still running from delivering the
 * same event twice.
 *
 * <p>Keys (all with the retention TTL): {@code meetrec:wh:evt:<eventId>} (hash: event JSON, state,
 * attempts, last outcome, next attempt), {@code meetrec:wh:lock:<eventId>} (string, the attempt in
 * flight, expires by itself), {@code meetrec:wh:rec:<recordingId>} (sorted set: the recording's
 * event ids by admission time), {@code meetrec:wh:failed:<clientId>} (sorted set: events given up,
 * for redelivery), and {@code meetrec:wh:due} (sorted set: event id by next attempt, ms; no TTL,
 * entries leave when their event is settled).
 */
@Singleton
@Requires(beans = StatefulRedisConnection.class)
public class WebhookLedger {

  static final String PREFIX = "meetrec:wh:";
  public static final String DUE = PREFIX + "due";

  /** Where an event's delivery stands; the wire names show in {@code GET /v1/recordings/{id}}. */
  public enum State {
    /** Accepted, not attempted yet. */
    PENDING,
    /** An attempt is in flight. */
    DELIVERING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The last attempt failed; another is due at {@code nextAttemptAt}. */
    RETRYING,
    /** The schedule is exhausted, the receiver answered 410, or the URL is refused. */
    GAVE_UP;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromWire(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean settled() {
      return this == DELIVERED || this == GAVE_UP;
    }
  }

  /** One event's delivery as stored. Times are null until they happen. */
  public record Entry(
      String eventId,
      String recordingId,
      @Nullable String clientId,
      String type,
      State state,
      int attempts,
      @Nullable Integer lastStatus,
      @Nullable String lastOutcome,
      @Nullable String lastDetail,
      @Nullable Instant lastAttemptAt,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant deliveredAt,
      String eventJson) {}

  /** What {@link #begin} decided. */
  public sealed interface Begin {
    /** This caller holds the lock and makes attempt number {@code attempt} (1-based). */
    record Attempt(int attempt, String eventJson) implements Begin {}

    /** Nothing to do: settled, another attempt in flight, not yet due, or unknown. */
    record Skip(String reason) implements Begin {}
  }

  // KEYS: event, due, recording index. ARGV: eventId, eventJson, recordingId, clientId, type,
  // nowMs, safetyDueMs, retentionSeconds.
  private static final String ADMIT =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGET', KEYS[1], 'state') end
      redis.call('HSET', KEYS[1], 'eventId', ARGV[1], 'event', ARGV[2], 'recordingId', ARGV[3],
        'clientId', ARGV[4], 'type', ARGV[5], 'state', 'pending', 'attempts', 0, 'admittedAt', ARGV[6],
        'nextAttemptAt', ARGV[7])
      redis.call('EXPIRE', KEYS[1], ARGV[8])
      redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
      redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
      redis.call('EXPIRE', KEYS[3], ARGV[8])
      return 'new'
      """;

  // KEYS: event, lock, due. ARGV: eventId, token, lockMs, nowMs, onlyNew ('1' = first attempt
  // only), force ('1' = even if not due yet).
  private static final String BEGIN =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return {'skip', 'unknown'} end
      if st == 'delivered' or st == 'gave_up' then return {'skip', st} end
      local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
      if ARGV[5] == '1' and attempts > 0 then return {'skip', 'attempted'} end
      if ARGV[6] ~= '1' then
        local due = redis.call('ZSCORE', KEYS[3], ARGV[1])
        if due and tonumber(due) > tonumber(ARGV[4]) and st ~= 'pending' then
          return {'skip', 'not_due'}
        end
      end
      if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
        return {'skip', 'locked'}
      end
      attempts = attempts + 1
      redis.call('HSET', KEYS[1], 'state', 'delivering', 'attempts', attempts,
        'lastAttemptAt', ARGV[4])
      redis.call('ZADD', KEYS[3], tonumber(ARGV[4]) + tonumber(ARGV[3]), ARGV[1])
      return {'attempt', tostring(attempts), redis.call('HGET', KEYS[1], 'event')}
      """;

  // KEYS: event, lock, due, failed index. ARGV: eventId, token, state, nowMs, nextMs ('' = none),
  // status ('' = none), outcome, detail, retentionSeconds.
  private static final String FINISH =
      """
      local holder = redis.call('GET', KEYS[2])
      if holder and holder ~= ARGV[2] then return 0 end
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'state', ARGV[3], 'lastOutcome', ARGV[7], 'lastDetail', ARGV[8])
      if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'lastStatus', ARGV[6])
      else redis.call('HDEL', KEYS[1], 'lastStatus') end
      if ARGV[3] == 'retrying' then
        redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[5])
        redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
      else
        redis.call('HDEL', KEYS[1], 'nextAttemptAt')
        redis.call('ZREM', KEYS[3], ARGV[1])
      end
      if ARGV[3] == 'delivered' then redis.call('HSET', KEYS[1], 'deliveredAt', ARGV[4]) end
      if ARGV[3] == 'gave_up' then
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
        redis.call('EXPIRE', KEYS[4], ARGV[9])
      end
      redis.call('DEL', KEYS[2])
      return 1
      """;

  // KEYS: event, due, failed index. ARGV: eventId, nowMs. A given-up event goes back on the
  // schedule from its first attempt.
  private static final String REQUEUE =
      """
      if redis.call('HGET', KEYS[1], 'state') ~= 'gave_up' then return 0 end
      redis.call('HSET', KEYS[1], 'state', 'pending', 'attempts', 0, 'nextAttemptAt', ARGV[2])
      redis.call('HDEL', KEYS[1], 'deliveredAt')
      redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
      redis.call('ZREM', KEYS[3], ARGV[1])
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final Clock clock;

  public WebhookLedger(StatefulRedisConnection<String, String> connection) {
    this(connection.sync(), Clock.systemUTC());
  }

  public WebhookLedger(RedisCommands<String, String> redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  static String eventKey(String eventId) {
    return PREFIX + "evt:" + eventId;
  }

  static String lockKey(String eventId) {
    return PREFIX + "lock:" + eventId;
  }

  static String recordingKey(String recordingId) {
    return PREFIX + "rec:" + recordingId;
  }

  static String failedKey(@Nullable String clientId) {
    return PREFIX + "failed:" + (clientId == null ? "" : clientId);
  }

  /**
   * Stores a verified event once. Until its first attempt settles, it is also due at {@code now +
   * safety}, so an instance that dies right after this call leaves it to the redelivery tick.
   *
   * @return true for a new event, false when it was stored already
   */
  public boolean admit(
      String eventId,
      String recordingId,
      @Nullable String clientId,
      String type,
      String eventJson,
      Duration safety,
      Duration retention) {
    long now = clock.millis();
    String result =
        run(
            () ->
                redis.eval(
                    ADMIT,
                    ScriptOutputType.STATUS,
                    new String[] {eventKey(eventId), DUE, recordingKey(recordingId)},
                    eventId,
                    eventJson,
                    recordingId,
                    clientId == null ? "" : clientId,
                    type,
                    Long.toString(now),
                    Long.toString(now + safety.toMillis()),
                    Long.toString(Math.max(1, retention.toSeconds()))));
    return "new".equals(result);
  }

  /**
   * Takes the event's lock for one attempt. {@code firstOnly}: only if no attempt was made yet (a
   * push); otherwise only if it is due (the redelivery tick) unless {@code force}.
   */
  public Begin begin(
      String eventId, String token, Duration lock, boolean firstOnly, boolean force) {
    long now = clock.millis();
    List<Object> r =
        run(
            () ->
                redis.eval(
                    BEGIN,
                    ScriptOutputType.MULTI,
                    new String[] {eventKey(eventId), lockKey(eventId), DUE},
                    eventId,
                    token,
                    Long.toString(lock.toMillis()),
                    Long.toString(now),
                    firstOnly ? "1" : "0",
                    force ? "1" : "0"));
    if ("attempt".equals(r.get(0))) {
      return new Begin.Attempt(Integer.parseInt((String) r.get(1)), (String) r.get(2));
    }
    return new Begin.Skip((String) r.get(1));
  }

  /**
   * Settles an attempt made under {@code token}: {@code next} is when the next attempt is due
   * (state {@link State#RETRYING}), null for a settled state. False when another attempt holds the
   * lock now (this one outlived its lock) or the event is gone.
   */
  public boolean finish(
      String eventId,
      @Nullable String clientId,
      String token,
      State state,
      @Nullable Instant next,
      @Nullable Integer status,
      String outcome,
      String detail,
      Duration retention) {
    long now = clock.millis();
    Long done =
        run(
            () ->
                redis.eval(
                    FINISH,
                    ScriptOutputType.INTEGER,
                    new String[] {eventKey(eventId), lockKey(eventId), DUE, failedKey(clientId)},
                    eventId,
                    token,
                    state.wireName(),
                    Long.toString(now),
                    next == null ? "" : Long.toString(next.toEpochMilli()),
                    status == null ? "" : status.toString(),
                    outcome,
                    detail,
                    Long.toString(Math.max(1, retention.toSeconds()))));
    return done != null && done == 1L;
  }

  /** Event ids due at or before now, oldest first. */
  public List<String> due(int limit) {
    long now = clock.millis();
    return run(
        () ->
            redis.zrangebyscore(
                DUE, Range.create(Double.NEGATIVE_INFINITY, (double) now), Limit.create(0, limit)));
  }

  /** Puts a given-up event back on its schedule, due now; false if it had not given up. */
  public boolean requeue(String eventId) {
    Optional<Entry> e = find(eventId);
    if (e.isEmpty()) {
      return false;
    }
    Long done =
        run(
            () ->
                redis.eval(
                    REQUEUE,
                    ScriptOutputType.INTEGER,
                    new String[] {eventKey(eventId), DUE, failedKey(e.get().clientId())},
                    eventId,
                    Long.toString(clock.millis())));
    return done != null && done == 1L;
  }

  /** The events a client's receivers gave up on, oldest first. */
  public List<String> givenUp(@Nullable String clientId, int limit) {
    return run(() -> redis.zrange(failedKey(clientId), 0, limit - 1L));
  }

  public Optional<Entry> find(String eventId) {
    Map<String, String> h = run(() -> redis.hgetall(eventKey(eventId)));
    if (h == null || !h.containsKey("state")) {
      return Optional.empty();
    }
    return Optional.of(toEntry(h));
  }

  /** The recording's events in the order they were accepted. */
  public List<Entry> forRecording(String recordingId) {
    List<String> ids = run(() -> redis.zrange(recordingKey(recordingId), 0, -1));
    List<Entry> out = new ArrayList<>();
    for (String id : ids) {
      find(id).ifPresent(out::add);
    }
    return out;
  }

  private static Entry toEntry(Map<String, String> h) {
    String client = h.get("clientId");
    return new Entry(
        h.get("eventId"),
        h.get("recordingId"),
        client == null || client.isEmpty() ? null : client,
        h.get("type"),
        State.fromWire(h.get("state")),
        Integer.parseInt(h.getOrDefault("attempts", "0")),
        h.get("lastStatus") == null ? null : Integer.valueOf(h.get("lastStatus")),
        h.get("lastOutcome"),
        h.get("lastDetail"),
        millis(h.get("lastAttemptAt")),
        millis(h.get("nextAttemptAt")),
        millis(h.get("deliveredAt")),
        h.get("event"));
  }

  private static @Nullable Instant millis(@Nullable String ms) {
    return ms == null || ms.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(ms));
  }

  private static <T> T run(Supplier<T> op) {
    try {
      return op.get();
    } catch (io.lettuce.core.RedisException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "webhook ledger unavailable", e);
    }
  }
}
