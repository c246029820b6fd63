package io.meetrec.shared.store;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingState;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The recordings' shared state in Redis, used by the intake, the signing function, the recorders
 * and the webhook function. Every change of state is one Lua script, so two recorders, a reaper and
 * a stop request racing on the same recording see one order of events, and exactly one of them wins
 * a terminal transition.
 *
 * <p>Keys: {@code meetrec:rec:<id>} (hash), {@code meetrec:conf:<conferenceId>} (ids by creation
 * time), {@code meetrec:leases} (ids by lease expiry, ms). Stop requests are also published on
 * {@link #STOP_CHANNEL} so the owning recorder hears them at once.
 */
@Singleton
@Requires(beans = StatefulRedisConnection.class)
public class RecordingStore {

  public static final String STOP_CHANNEL = "meetrec:stop";
  static final String PREFIX = "meetrec:";
  static final String LEASES = PREFIX + "leases";

  /**
   * Terminal events not yet published (event id to event JSON). The terminal transitions that take
   * an {@link OutboxEntry} write it here in the same script, so the transition and its event are
   * stored together or not at all.
   */
  public static final String OUTBOX = PREFIX + "outbox";

  /**
   * Queued recordings by their job's {@code expiresAt} (ms), for the queue sweeper. Entries of
   * recordings that left the queue are dropped by the sweeper when it meets them.
   */
  public static final String QUEUED = PREFIX + "queued";

  /** How long a recording is kept after it can last end, unless configured. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  // ARGV: createdAt ms, id, expiresAt ms, ttl seconds, field pairs...
  private static final String CREATE =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], unpack(ARGV, 5))
      redis.call('EXPIRE', KEYS[1], ARGV[4])
      redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
      if redis.call('TTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
      return 1
      """;

  private static final String CLAIM =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'queued' then
        if st == 'completed' or st == 'failed' or st == 'expired' then return 'TERMINAL' end
        return 'ALREADY_CLAIMED'
      end
      if not st then
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[5], 'conferenceId', ARGV[6],
          'createdAt', ARGV[7])
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
      end
      redis.call('HSET', KEYS[1], 'state', 'starting', 'owner', ARGV[2], 'claimedAt', ARGV[7],
        'updatedAt', ARGV[7], 'leaseUntil', ARGV[4])
      redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
      return 'CLAIMED'
      """;

  // KEYS: record, leases, outbox. ARGV: id, to, allowed-from (comma list), owner ('' = any),
  // terminal ('1'/'0'), outbox field ('' = none), outbox value, field pairs...
  private static final String TRANSITION =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return 'MISSING' end
      if not string.find(',' .. ARGV[3] .. ',', ',' .. st .. ',', 1, true) then return 'REFUSED' end
      if ARGV[4] ~= '' and redis.call('HGET', KEYS[1], 'owner') ~= ARGV[4] then return 'NOT_OWNER' end
      redis.call('HSET', KEYS[1], 'state', ARGV[2], unpack(ARGV, 8))
      if ARGV[5] == '1' then redis.call('ZREM', KEYS[2], ARGV[1]) end
      if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], ARGV[6], ARGV[7]) end
      return 'OK'
      """;

  // A job that never reached this store (another publisher) is written as expired in one step.
  private static final String EXPIRE =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'queued' then return 0 end
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[2], 'conferenceId', ARGV[3],
        'state', 'expired', 'updatedAt', ARGV[4], 'endedAt', ARGV[4], 'error', ARGV[5])
      if not st then
        redis.call('HSET', KEYS[1], 'createdAt', ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
      end
      if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], ARGV[7], ARGV[8]) end
      return 1
      """;

  private static final String RENEW =
      """
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
      local st = redis.call('HGET', KEYS[1], 'state')
      if st == 'completed' or st == 'failed' or st == 'expired' then return 0 end
      redis.call('HSET', KEYS[1], 'leaseUntil', ARGV[3])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
      return 1
      """;

  private static final String FAIL_LAPSED =
      """
      local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
      if not lease or tonumber(lease) > tonumber(ARGV[2]) then return 0 end
      local st = redis.call('HGET', KEYS[1], 'state')
      if (not st) or st == 'completed' or st == 'failed' or st == 'expired' then
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 0
      end
      redis.call('HSET', KEYS[1], 'state', 'failed', 'updatedAt', ARGV[3], 'endedAt', ARGV[3],
        'error', ARGV[4])
      redis.call('ZREM', KEYS[2], ARGV[1])
      if ARGV[5] ~= '' then redis.call('HSET', KEYS[3], ARGV[5], ARGV[6]) end
      return 1
      """;

  private static final String PROGRESS =
      """
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
      redis.call('HSET', KEYS[1], 'recordedSeconds', ARGV[2], 'bytes', ARGV[3], 'updatedAt', ARGV[4])
      return 1
      """;

  private static final String STOP =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return 'MISSING' end
      if st == 'completed' or st == 'failed' or st == 'expired' or st == 'cancelled' then
        return 'TERMINAL'
      end
      redis.call('HSET', KEYS[1], 'stopRequested', '1')
      redis.call('PUBLISH', ARGV[2], ARGV[1])
      return 'REQUESTED'
      """;

  private static final String SET_IF_EXISTS =
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param retention {@code meetrec.store.retention}: how long a recording (and its conference
   *     index) is kept after the latest moment it can end. Defaults to 30 days.
   */
  @jakarta.inject.Inject
  public RecordingStore(
      StatefulRedisConnection<String, String> connection,
      JsonMapper json,
      @io.micronaut.context.annotation.Value("${meetrec.store.retention:30d}") Duration retention) {
    this(connection.sync(), json, Clock.systemUTC(), retention);
  }

  public RecordingStore(StatefulRedisConnection<String, String> connection, JsonMapper json) {
    this(connection.sync(), json, Clock.systemUTC());
  }

  public RecordingStore(RedisCommands<String, String> redis, JsonMapper json, Clock clock) {
    this(redis, json, clock, DEFAULT_RETENTION);
  }

  public RecordingStore(
      RedisCommands<String, String> redis, JsonMapper json, Clock clock, Duration retention) {
    this.redis = redis;
    this.json = json;
    this.clock = clock;
    this.retention = retention;
  }

  static String recordKey(String id) {
    return PREFIX + "rec:" + id;
  }

  static String conferenceKey(String conferenceId) {
    return PREFIX + "conf:" + conferenceId;
  }

  /** Writes a new queued recording; false when one with that id exists already. */
  public boolean create(RecordingJob job, @Nullable String clientId) {
    Instant now = clock.instant();
    List<String> args = new ArrayList<>();
    args.add(Long.toString(now.toEpochMilli()));
    args.add(job.recordingId());
    args.add(Long.toString(job.expiresAt().toEpochMilli()));
    // The record can last end at its deadline plus its longest recording (plus a day for
    // finalising, uploads and takeovers); it is kept for the retention after that. Later writes
    // (HSET) keep the TTL.
    Duration lifetime =
        Duration.between(now, job.expiresAt())
            .plusSeconds(Math.max(0, job.maxDurationSeconds()))
            .plusDays(1)
            .plus(retention);
    args.add(Long.toString(Math.max(1, lifetime.toSeconds())));
    pairs(
        args,
        "id",
        job.recordingId(),
        "state",
        RecordingState.QUEUED.wireName(),
        "job",
        write(job),
        "conferenceId",
        job.conferenceId(),
        "createdAt",
        now.toString(),
        "updatedAt",
        now.toString());
    if (clientId != null) {
      pairs(args, "clientId", clientId);
    }
    Long created =
        call(
            CREATE,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(job.recordingId()), conferenceKey(job.conferenceId()), QUEUED},
            args);
    return created != null && created == 1L;
  }

  /** Removes a recording that was never announced (the intake's undo when publishing fails). */
  public void delete(String id, String conferenceId) {
    run(
        () -> {
          redis.del(recordKey(id));
          redis.zrem(conferenceKey(conferenceId), id);
          redis.zrem(LEASES, id);
          redis.zrem(QUEUED, id);
          return null;
        });
  }

  public Optional<RecordingRecord> find(String id) {
    Map<String, String> h = run(() -> redis.hgetall(recordKey(id)));
    if (h == null || h.isEmpty() || !h.containsKey("state")) {
      return Optional.empty();
    }
    return Optional.of(toRecord(id, h));
  }

  /** The newest recordings of a conference first. */
  public List<RecordingRecord> listByConference(String conferenceId, int limit) {
    List<String> ids = run(() -> redis.zrevrange(conferenceKey(conferenceId), 0, limit - 1L));
    List<RecordingRecord> out = new ArrayList<>();
    for (String id : ids) {
      find(id).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Claims a job for {@code owner} with a lease of {@code leaseTtl}. Works whether or not the
   * intake wrote the recording first.
   */
  public ClaimResult claim(RecordingJob job, String owner, Duration leaseTtl) {
    Instant now = clock.instant();
    String result =
        call(
            CLAIM,
            ScriptOutputType.STATUS,
            new String[] {recordKey(job.recordingId()), LEASES, conferenceKey(job.conferenceId())},
            List.of(
                job.recordingId(),
                owner,
                Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(leaseTtl).toEpochMilli()),
                write(job),
                job.conferenceId(),
                now.toString()));
    return ClaimResult.valueOf(result);
  }

  /**
   * Moves a recording to {@code to} if its current state allows it (and, when {@code owner} is
   * given, if that recorder owns it). Returns false when the move was refused: of several racing
   * terminal transitions exactly one returns true.
   */
  public boolean transition(
      String id, RecordingState to, @Nullable String owner, RecordingUpdate update) {
    return transition(id, to, owner, update, null);
  }

  /**
   * {@link #transition(String, RecordingState, String, RecordingUpdate)} that also stores {@code
   * outbox} in {@link #OUTBOX} when (and only when) the move is made.
   */
  public boolean transition(
      String id,
      RecordingState to,
      @Nullable String owner,
      RecordingUpdate update,
      @Nullable OutboxEntry outbox) {
    Instant now = clock.instant();
    String allowedFrom =
        Arrays.stream(RecordingState.values())
            .filter(s -> s.canMoveTo(to))
            .map(RecordingState::wireName)
            .collect(Collectors.joining(","));
    List<String> args = new ArrayList<>();
    args.add(id);
    args.add(to.wireName());
    args.add(allowedFrom);
    args.add(owner == null ? "" : owner);
    args.add(to.isTerminal() ? "1" : "0");
    args.add(outbox == null ? "" : outbox.eventId());
    args.add(outbox == null ? "" : outbox.eventJson());
    pairs(args, "updatedAt", now.toString());
    if (update.startedAt() != null) {
      pairs(args, "startedAt", update.startedAt().toString());
    }
    if (update.endedAt() != null) {
      pairs(args, "endedAt", update.endedAt().toString());
    }
    if (update.progress() != null) {
      pairs(
          args,
          "recordedSeconds",
          Double.toString(update.progress().recordedSeconds()),
          "bytes",
          Long.toString(update.progress().bytes()));
    }
    if (update.output() != null) {
      pairs(args, "output", write(update.output()));
    }
    if (update.error() != null) {
      pairs(args, "error", write(update.error()));
    }
    String result =
        call(
            TRANSITION,
            ScriptOutputType.STATUS,
            new String[] {recordKey(id), LEASES, OUTBOX},
            args);
    return "OK".equals(result);
  }

  /**
   * Marks a job that was never started before its deadline as expired, creating the record if no
   * intake wrote it. False when the recording had already left the queue.
   */
  public boolean expire(RecordingJob job, RecordingError error) {
    return expire(job, error, null);
  }

  /**
   * {@link #expire(RecordingJob, RecordingError)} that also stores {@code outbox} if it expires.
   */
  public boolean expire(RecordingJob job, RecordingError error, @Nullable OutboxEntry outbox) {
    Instant now = clock.instant();
    Long done =
        call(
            EXPIRE,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(job.recordingId()), conferenceKey(job.conferenceId()), OUTBOX},
            List.of(
                job.recordingId(),
                write(job),
                job.conferenceId(),
                now.toString(),
                write(error),
                Long.toString(now.toEpochMilli()),
                outbox == null ? "" : outbox.eventId(),
                outbox == null ? "" : outbox.eventJson()));
    return done != null && done == 1L;
  }

  /** Extends the owner's lease; false when it no longer owns a live recording. */
  public boolean renewLease(String id, String owner, Duration leaseTtl) {
    long until = clock.instant().plus(leaseTtl).toEpochMilli();
    Long done =
        call(
            RENEW,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id), LEASES},
            List.of(id, owner, Long.toString(until)));
    return done != null && done == 1L;
  }

  /** Recordings whose lease lapsed before {@code now}: their recorder is gone. */
  public List<String> lapsedLeases(Instant now) {
    return run(
        () ->
            redis.zrangebyscore(
                LEASES, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli())));
  }

  /**
   * Fails a recording whose lease is still lapsed at {@code now}. A recorder that renewed in the
   * meantime wins, and of several reapers only one returns true.
   */
  public boolean failLapsed(String id, Instant now, RecordingError error) {
    return failLapsed(id, now, error, null);
  }

  /**
   * {@link #failLapsed(String, Instant, RecordingError)} that also stores {@code outbox} if won.
   */
  public boolean failLapsed(
      String id, Instant now, RecordingError error, @Nullable OutboxEntry outbox) {
    Long done =
        call(
            FAIL_LAPSED,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id), LEASES, OUTBOX},
            List.of(
                id,
                Long.toString(now.toEpochMilli()),
                now.toString(),
                write(error),
                outbox == null ? "" : outbox.eventId(),
                outbox == null ? "" : outbox.eventJson()));
    return done != null && done == 1L;
  }

  public boolean updateProgress(String id, String owner, RecordingProgress progress) {
    Long done =
        call(
            PROGRESS,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id)},
            List.of(
                owner,
                Double.toString(progress.recordedSeconds()),
                Long.toString(progress.bytes()),
                clock.instant().toString()));
    return done != null && done == 1L;
  }

  /** Flags the recording to stop and tells its owner through {@link #STOP_CHANNEL}. */
  public StopResult requestStop(String id) {
    String result =
        call(
            STOP, ScriptOutputType.STATUS, new String[] {recordKey(id)}, List.of(id, STOP_CHANNEL));
    return StopResult.valueOf(result);
  }

  /** Keeps the last webhook delivery outcome (JSON) on the recording, if it exists. */
  public boolean recordWebhookOutcome(String id, String outcomeJson) {
    Long done =
        call(
            SET_IF_EXISTS,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id)},
            List.of("lastWebhook", outcomeJson));
    return done != null && done == 1L;
  }

  /**
   * Notes how the intake's publish of a recording's job ended: {@link #PUBLISHED}, or {@link
   * #PUBLISH_UNKNOWN} when it failed or timed out (Pub/Sub may still have taken it). The record is
   * never deleted for it: a recorder may claim it.
   */
  public void markPublication(String id, String outcome) {
    call(
        SET_IF_EXISTS,
        ScriptOutputType.INTEGER,
        new String[] {recordKey(id)},
        List.of("publication", outcome));
  }

  /** How the intake's publish ended, if it did: {@link #PUBLISHED} or {@link #PUBLISH_UNKNOWN}. */
  public Optional<String> publication(String id) {
    return Optional.ofNullable(run(() -> redis.hget(recordKey(id), "publication")));
  }

  public static final String PUBLISHED = "published";
  public static final String PUBLISH_UNKNOWN = "unknown";

  /** Ids in the queued index whose job expired at or before {@code now}, oldest deadline first. */
  public List<String> queuedPastDeadline(Instant now, int limit) {
    return run(
        () ->
            redis.zrangebyscore(
                QUEUED,
                Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()),
                io.lettuce.core.Limit.create(0, limit)));
  }

  /** Drops a recording from the queued index (it left the queue, or was never in the store). */
  public void forgetQueued(String id) {
    run(() -> redis.zrem(QUEUED, id));
  }

  private RecordingRecord toRecord(String id, Map<String, String> h) {
    double seconds = parseDouble(h.get("recordedSeconds"));
    long bytes = h.get("bytes") == null ? 0 : Long.parseLong(h.get("bytes"));
    return new RecordingRecord(
        id,
        RecordingState.fromWire(h.get("state")),
        read(h.get("job"), RecordingJob.class),
        h.get("clientId"),
        h.get("conferenceId"),
        h.get("owner"),
        instant(h.get("createdAt")),
        instant(h.get("updatedAt")),
        instant(h.get("claimedAt")),
        instant(h.get("startedAt")),
        instant(h.get("endedAt")),
        h.get("leaseUntil") == null
            ? null
            : Instant.ofEpochMilli(Long.parseLong(h.get("leaseUntil"))),
        new RecordingProgress(seconds, bytes),
        read(h.get("output"), RecordingOutput.class),
        read(h.get("error"), RecordingError.class),
        "1".equals(h.get("stopRequested")),
        h.get("lastWebhook"));
  }

  private static double parseDouble(@Nullable String s) {
    return s == null ? 0 : Double.parseDouble(s);
  }

  private static @Nullable Instant instant(@Nullable String s) {
    return s == null ? null : Instant.parse(s);
  }

  private static void pairs(List<String> args, String... kv) {
    args.addAll(Arrays.asList(kv));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> @Nullable T read(@Nullable String text, Class<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, type);
    } catch (IOException e) {
      throw new RecordingException(
          ErrorCode.INTERNAL, "stored " + type.getSimpleName() + " unreadable", e);
    }
  }

  private <T> T call(String script, ScriptOutputType type, String[] keys, List<String> args) {
    return run(() -> redis.eval(script, type, keys, args.toArray(String[]::new)));
  }

  /** Redis being away is our transient fault: callers answer 503 or retry. */
  private <T> T run(java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (io.lettuce.core.RedisException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "recording store unavailable", e);
    }
  }
}
