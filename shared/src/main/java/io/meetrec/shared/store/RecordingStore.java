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
import io.meetrec.shared.recording.RecordingSegment;
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
 * <p>Keys: {@code meetrec:rec:<id>} (hash), {@code meetrec:conf:<clientId>:<conferenceId>} (one
 * client's ids of a conference by creation time, ms; client ids hold no colon), {@code
 * meetrec:leases} (ids by lease expiry, ms). Stop requests are also published on {@link
 * #STOP_CHANNEL} so the owning recorder hears them at once.
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

  // KEYS: record, conference index, queued. ARGV: createdAt ms, id, expiresAt ms, ttl seconds,
  // indexed ('1'/'0'), field pairs...
  private static final String CREATE =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], unpack(ARGV, 6))
      redis.call('EXPIRE', KEYS[1], ARGV[4])
      if ARGV[5] == '1' then
        redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
        if redis.call('TTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
      end
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
      return 1
      """;

  /**
   * Shared by the lease scripts: the server's clock in ms (so no recorder's clock ever measures a
   * lease) and the terminal states, which {@link #TERMINAL_STATES} passes in as the last ARGV.
   */
  private static final String LEASE_PRELUDE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local function terminal(st)
        return st ~= nil and st ~= false
          and string.find(',' .. ARGV[#ARGV] .. ',', ',' .. st .. ',', 1, true) ~= nil
      end
      """;

  /** The terminal states as the scripts receive them, from {@link RecordingState} only. */
  static final String TERMINAL_STATES =
      Arrays.stream(RecordingState.values())
          .filter(RecordingState::isTerminal)
          .map(RecordingState::wireName)
          .collect(Collectors.joining(","));

  // KEYS: record, leases. ARGV: id, owner, record ttl seconds, lease ttl ms, job, conference, now,
  // terminal states. A record the claim creates has no client, so no client's index lists it.
  private static final String CLAIM =
      LEASE_PRELUDE
          + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'queued' then
        if terminal(st) then return 'TERMINAL' end
        return 'ALREADY_CLAIMED'
      end
      if not st then
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[5], 'conferenceId', ARGV[6],
          'createdAt', ARGV[7])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
      end
      local leaseUntil = now + tonumber(ARGV[4])
      redis.call('HSET', KEYS[1], 'state', 'starting', 'owner', ARGV[2], 'claimedAt', ARGV[7],
        'updatedAt', ARGV[7], 'leaseUntil', leaseUntil)
      redis.call('ZADD', KEYS[2], leaseUntil, ARGV[1])
      return 'CLAIMED'
      """;

  // KEYS: record, leases, outbox. ARGV: id, to, allowed-from (comma list), owner ('' = any),
  // terminal ('1'/'0'), outbox field ('' = none), outbox value, field pairs...
  // A write repeated by its owner after an unknown outcome finds its own result and says OK: the
  // same state by the same owner (and, for a terminal state, the same terminal event).
  private static final String TRANSITION =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return 'MISSING' end
      local owner = redis.call('HGET', KEYS[1], 'owner')
      if st == ARGV[2] and ARGV[4] ~= '' and owner == ARGV[4] then
        if ARGV[5] ~= '1' then return 'OK' end
        if ARGV[6] ~= '' and redis.call('HGET', KEYS[1], 'terminalEvent') == ARGV[6] then
          return 'OK'
        end
      end
      if not string.find(',' .. ARGV[3] .. ',', ',' .. st .. ',', 1, true) then return 'REFUSED' end
      if ARGV[4] ~= '' and owner ~= ARGV[4] then return 'NOT_OWNER' end
      redis.call('HSET', KEYS[1], 'state', ARGV[2], unpack(ARGV, 8))
      if ARGV[5] == '1' then redis.call('ZREM', KEYS[2], ARGV[1]) end
      if ARGV[6] ~= '' then
        redis.call('HSET', KEYS[3], ARGV[6], ARGV[7])
        redis.call('HSET', KEYS[1], 'terminalEvent', ARGV[6])
      end
      return 'OK'
      """;

  // A job that never reached this store (another publisher) is written as expired in one step,
  // with no client and so in no client's index. KEYS: record, outbox. ARGV: id, job, conference,
  // now, error, record ttl seconds, outbox field ('' = none), outbox value.
  private static final String EXPIRE =
      """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'queued' then return 0 end
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[2], 'conferenceId', ARGV[3],
        'state', 'expired', 'updatedAt', ARGV[4], 'endedAt', ARGV[4], 'error', ARGV[5])
      if not st then
        redis.call('HSET', KEYS[1], 'createdAt', ARGV[4])
        redis.call('EXPIRE', KEYS[1], ARGV[6])
      end
      if ARGV[7] ~= '' then redis.call('HSET', KEYS[2], ARGV[7], ARGV[8]) end
      return 1
      """;

  // KEYS: record, leases. ARGV: id, owner, lease ttl ms, terminal states.
  private static final String RENEW =
      LEASE_PRELUDE
          + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return 'MISSING' end
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] or terminal(st) then return 'LOST' end
      local leaseUntil = now + tonumber(ARGV[3])
      redis.call('HSET', KEYS[1], 'leaseUntil', leaseUntil)
      redis.call('ZADD', KEYS[2], leaseUntil, ARGV[1])
      return 'RENEWED'
      """;

  // Only where no record exists at all (Redis restarted empty, failed over to a replica that
  // missed the writes): the recorder's own job is the only memory left of the recording.
  // KEYS: record, leases, the client's conference index (unused without a client). ARGV: id,
  // owner, lease ttl ms, job, conference, state, now, created ms, createdAt, startedAt ('' = none),
  // clientId ('' = none), record ttl seconds, terminal states.
  private static final String REASSERT =
      LEASE_PRELUDE
          + """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      local leaseUntil = now + tonumber(ARGV[3])
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[4], 'conferenceId', ARGV[5],
        'state', ARGV[6], 'owner', ARGV[2], 'claimedAt', ARGV[7], 'updatedAt', ARGV[7],
        'createdAt', ARGV[9], 'reassertedAt', ARGV[7], 'leaseUntil', leaseUntil)
      if ARGV[10] ~= '' then redis.call('HSET', KEYS[1], 'startedAt', ARGV[10]) end
      redis.call('EXPIRE', KEYS[1], ARGV[12])
      if ARGV[11] ~= '' then
        redis.call('HSET', KEYS[1], 'clientId', ARGV[11])
        redis.call('ZADD', KEYS[3], ARGV[8], ARGV[1])
        if redis.call('TTL', KEYS[3]) < tonumber(ARGV[12]) then
          redis.call('EXPIRE', KEYS[3], ARGV[12])
        end
      end
      redis.call('ZADD', KEYS[2], leaseUntil, ARGV[1])
      return 1
      """;

  // KEYS: leases. ARGV: terminal states (unused, keeps the prelude's contract).
  private static final String LAPSED =
      LEASE_PRELUDE
          + """
      return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
      """;

  // KEYS: record, leases, outbox. ARGV: id, now, error, outbox field, outbox value, lapsed at
  // least (ms), terminal states.
  private static final String FAIL_LAPSED =
      LEASE_PRELUDE
          + """
      local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
      if not lease or tonumber(lease) >= now - tonumber(ARGV[6]) then return 0 end
      local st = redis.call('HGET', KEYS[1], 'state')
      if (not st) or terminal(st) then
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 0
      end
      redis.call('HSET', KEYS[1], 'state', 'failed', 'updatedAt', ARGV[2], 'endedAt', ARGV[2],
        'error', ARGV[3])
      redis.call('ZREM', KEYS[2], ARGV[1])
      if ARGV[4] ~= '' then
        redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
        redis.call('HSET', KEYS[1], 'terminalEvent', ARGV[4])
      end
      return 1
      """;

  // KEYS: leases. ARGV: id, terminal states. How long ago the lease lapsed (ms), or -1.
  private static final String LAPSED_FOR =
      LEASE_PRELUDE
          + """
      local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
      if not lease or tonumber(lease) >= now then return -1 end
      return now - tonumber(lease)
      """;

  // A recording whose lease lapsed while it was recording goes to a new owner as its next
  // segment, while segments are left. KEYS: record, leases. ARGV: id, owner, lease ttl ms, now,
  // most segments, terminal states. Returns the new segment's number, or 0.
  private static final String TAKE_OVER =
      LEASE_PRELUDE
          + """
      local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
      if not lease or tonumber(lease) >= now then return 0 end
      if redis.call('HGET', KEYS[1], 'state') ~= 'recording' then return 0 end
      local segment = tonumber(redis.call('HGET', KEYS[1], 'segment') or '1')
      if segment >= tonumber(ARGV[5]) then return 0 end
      local leaseUntil = now + tonumber(ARGV[3])
      redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'segment', segment + 1, 'updatedAt', ARGV[4],
        'leaseUntil', leaseUntil, 'recordedSeconds', '0', 'bytes', '0')
      redis.call('HDEL', KEYS[1], 'segmentStartedAt')
      redis.call('ZADD', KEYS[2], leaseUntil, ARGV[1])
      return segment + 1
      """;

  // KEYS: record. ARGV: owner, segment, field, value. Only the owner of that segment writes it.
  private static final String SEGMENT_FIELD =
      """
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
      if (redis.call('HGET', KEYS[1], 'segment') or '1') ~= ARGV[2] then return 0 end
      redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
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
      if string.find(',' .. ARGV[3] .. ',', ',' .. st .. ',', 1, true) then return 'TERMINAL' end
      redis.call('HSET', KEYS[1], 'stopRequested', '1')
      redis.call('PUBLISH', ARGV[2], ARGV[1])
      return 'REQUESTED'
      """;

  // KEYS: record. ARGV: output JSON. Only where no output is recorded yet.
  private static final String KEEP_OUTPUT =
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      if redis.call('HEXISTS', KEYS[1], 'output') == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'output', ARGV[1], 'updatedAt', ARGV[2])
      return 1
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

  /** One client's index of one conference: clients never share, so none displaces another. */
  static String conferenceKey(String clientId, String conferenceId) {
    return PREFIX + "conf:" + clientId + ":" + conferenceId;
  }

  /**
   * How long a record of {@code job} is kept from {@code now}: it can last end at its deadline plus
   * its longest recording (plus a day for finalising, uploads and takeovers), and is kept for the
   * retention after that. Later writes (HSET) keep the TTL.
   */
  private long lifetimeSeconds(RecordingJob job, Instant now) {
    Duration lifetime =
        Duration.between(now, job.expiresAt())
            .plusSeconds(Math.max(0, job.maxDurationSeconds()))
            .plusDays(1)
            .plus(retention);
    return Math.max(1, lifetime.toSeconds());
  }

  /**
   * Writes a new queued recording, created when its job was requested (what the intake answered);
   * false when one with that id exists already.
   */
  public boolean create(RecordingJob job, @Nullable String clientId) {
    Instant now = clock.instant();
    Instant requested = job.requestedAt();
    List<String> args = new ArrayList<>();
    args.add(Long.toString(requested.toEpochMilli()));
    args.add(job.recordingId());
    args.add(Long.toString(job.expiresAt().toEpochMilli()));
    args.add(Long.toString(lifetimeSeconds(job, now)));
    args.add(clientId == null ? "0" : "1");
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
        requested.toString(),
        "updatedAt",
        requested.toString());
    if (clientId != null) {
      pairs(args, "clientId", clientId);
    }
    Long created =
        call(
            CREATE,
            ScriptOutputType.INTEGER,
            new String[] {
              recordKey(job.recordingId()),
              conferenceKey(clientId == null ? "" : clientId, job.conferenceId()),
              QUEUED
            },
            args);
    return created != null && created == 1L;
  }

  /** Removes a recording and its index entries (tests; nothing in production deletes one). */
  public void delete(String id, String clientId, String conferenceId) {
    run(
        () -> {
          redis.del(recordKey(id));
          redis.zrem(conferenceKey(clientId, conferenceId), id);
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

  /**
   * One page of {@code clientId}'s recordings of a conference, newest first, starting after {@code
   * after} (null: from the newest). The page's {@link RecordingPage#next} is where the following
   * page starts, null when no recording is left. Index entries whose record is gone are dropped on
   * the way.
   */
  public RecordingPage listByConference(
      String clientId, String conferenceId, int pageSize, @Nullable PageCursor after) {
    String key = conferenceKey(clientId, conferenceId);
    double top = after == null ? Double.POSITIVE_INFINITY : after.createdMs();
    List<RecordingRecord> out = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    int batch = Math.max(16, pageSize + 1);
    long offset = 0;
    while (out.size() <= pageSize) {
      long from = offset;
      List<io.lettuce.core.ScoredValue<String>> entries =
          run(
              () ->
                  redis.zrevrangebyscoreWithScores(
                      key,
                      Range.create(Double.NEGATIVE_INFINITY, top),
                      io.lettuce.core.Limit.create(from, batch)));
      for (var entry : entries) {
        String id = entry.getValue();
        // Members of one score come in descending order: the cursor's own and greater came before.
        if (after != null && entry.getScore() == top && id.compareTo(after.id()) >= 0) {
          continue;
        }
        Optional<RecordingRecord> record = find(id).filter(r -> clientId.equals(r.clientId()));
        if (record.isEmpty()) {
          run(() -> redis.zrem(key, id));
          continue;
        }
        out.add(record.get());
        scores.add(entry.getScore());
        if (out.size() > pageSize) {
          break;
        }
      }
      if (entries.size() < batch) {
        break;
      }
      offset += batch;
    }
    if (out.size() <= pageSize) {
      return new RecordingPage(out, null);
    }
    RecordingRecord last = out.get(pageSize - 1);
    return new RecordingPage(
        List.copyOf(out.subList(0, pageSize)),
        new PageCursor(scores.get(pageSize - 1).longValue(), last.id()));
  }

  /** Where a page of a conference's recordings ends: its last recording's index entry. */
  public record PageCursor(long createdMs, String id) {}

  /** A page of recordings and where the next one starts (null: none left). */
  public record RecordingPage(List<RecordingRecord> records, @Nullable PageCursor next) {}

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
            new String[] {recordKey(job.recordingId()), LEASES},
            List.of(
                job.recordingId(),
                owner,
                Long.toString(lifetimeSeconds(job, now)),
                Long.toString(leaseTtl.toMillis()),
                write(job),
                job.conferenceId(),
                now.toString(),
                TERMINAL_STATES));
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
    return move(id, to, owner, update, outbox) == TransitionResult.OK;
  }

  /**
   * {@link #transition(String, RecordingState, String, RecordingUpdate, OutboxEntry)} saying why a
   * move was not made: {@link TransitionResult#MISSING} (the store has no such record, e.g. after
   * Redis lost its data) apart from a refusal. An owner repeating its own write gets {@code OK}.
   */
  public TransitionResult move(
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
    return TransitionResult.valueOf(result);
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
            new String[] {recordKey(job.recordingId()), OUTBOX},
            List.of(
                job.recordingId(),
                write(job),
                job.conferenceId(),
                now.toString(),
                write(error),
                Long.toString(lifetimeSeconds(job, now)),
                outbox == null ? "" : outbox.eventId(),
                outbox == null ? "" : outbox.eventJson()));
    return done != null && done == 1L;
  }

  /** Extends the owner's lease; false when it no longer owns a live recording. */
  public boolean renewLease(String id, String owner, Duration leaseTtl) {
    return renew(id, owner, leaseTtl) == LeaseRenewal.RENEWED;
  }

  /**
   * Extends the owner's lease by {@code leaseTtl} from the Redis server's clock. {@link
   * LeaseRenewal#MISSING} means the store has no record of the recording at all: the owner may
   * {@link #reassert} it from the job it holds.
   */
  public LeaseRenewal renew(String id, String owner, Duration leaseTtl) {
    String result =
        call(
            RENEW,
            ScriptOutputType.STATUS,
            new String[] {recordKey(id), LEASES},
            List.of(id, owner, Long.toString(leaseTtl.toMillis()), TERMINAL_STATES));
    return LeaseRenewal.valueOf(result);
  }

  /**
   * Writes back a recording the store lost (no record under its id) from the job its owner holds,
   * in {@code state} with a fresh lease. False when a record exists: then its owner, whoever that
   * is, stays the owner.
   */
  public boolean reassert(
      RecordingJob job,
      String owner,
      RecordingState state,
      @Nullable Instant startedAt,
      @Nullable String clientId,
      Duration leaseTtl) {
    Instant now = clock.instant();
    Long done =
        call(
            REASSERT,
            ScriptOutputType.INTEGER,
            new String[] {
              recordKey(job.recordingId()),
              LEASES,
              conferenceKey(clientId == null ? "" : clientId, job.conferenceId())
            },
            List.of(
                job.recordingId(),
                owner,
                Long.toString(leaseTtl.toMillis()),
                write(job),
                job.conferenceId(),
                state.wireName(),
                now.toString(),
                Long.toString(job.requestedAt().toEpochMilli()),
                job.requestedAt().toString(),
                startedAt == null ? "" : startedAt.toString(),
                clientId == null ? "" : clientId,
                Long.toString(lifetimeSeconds(job, now)),
                TERMINAL_STATES));
    return done != null && done == 1L;
  }

  /** Recordings whose lease lapsed by the Redis server's clock: their recorder is gone. */
  public List<String> lapsedLeases() {
    return call(LAPSED, ScriptOutputType.MULTI, new String[] {LEASES}, List.of(TERMINAL_STATES));
  }

  /**
   * Fails a recording whose lease is still lapsed by the Redis server's clock, storing {@code
   * outbox} if it wins. A recorder that renewed in the meantime keeps its recording, and of several
   * reapers only one returns true.
   */
  public boolean failLapsed(String id, RecordingError error, @Nullable OutboxEntry outbox) {
    return failLapsed(id, error, outbox, Duration.ZERO);
  }

  /**
   * Fails a recording whose lease has been lapsed for at least {@code lapsedFor} by the Redis
   * server's clock (time left for a takeover first); see {@link #failLapsed(String, RecordingError,
   * OutboxEntry)}.
   */
  public boolean failLapsed(
      String id, RecordingError error, @Nullable OutboxEntry outbox, Duration lapsedFor) {
    Long done =
        call(
            FAIL_LAPSED,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id), LEASES, OUTBOX},
            List.of(
                id,
                clock.instant().toString(),
                write(error),
                outbox == null ? "" : outbox.eventId(),
                outbox == null ? "" : outbox.eventJson(),
                Long.toString(lapsedFor.toMillis()),
                TERMINAL_STATES));
    return done != null && done == 1L;
  }

  /** How long ago {@code id}'s lease lapsed by the Redis server's clock; empty if it has not. */
  public Optional<Duration> lapsedFor(String id) {
    Long ms =
        call(
            LAPSED_FOR,
            ScriptOutputType.INTEGER,
            new String[] {LEASES},
            List.of(id, TERMINAL_STATES));
    return ms == null || ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /**
   * Takes over a recording whose lease lapsed while it was recording (its recorder is gone, the
   * meeting may go on): {@code owner} holds it from now with a fresh lease, recording its next
   * segment, as long as it would not be more than {@code maxSegments}. Of several recorders one
   * wins; returns the new segment's number, or 0 when this one did not take it.
   */
  public int takeOver(String id, String owner, Duration leaseTtl, int maxSegments) {
    Long segment =
        call(
            TAKE_OVER,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id), LEASES},
            List.of(
                id,
                owner,
                Long.toString(leaseTtl.toMillis()),
                clock.instant().toString(),
                Integer.toString(maxSegments),
                TERMINAL_STATES));
    return segment == null ? 0 : segment.intValue();
  }

  /** The current segment's capture started at {@code at}; only its owner writes it. */
  public boolean segmentStarted(String id, String owner, int segment, Instant at) {
    return segmentField(id, owner, segment, "segmentStartedAt", at.toString());
  }

  /**
   * Keeps what an earlier segment recorded, written by the owner of {@code current} (the recorder
   * that took the recording over) once it gathered that segment's media.
   */
  public boolean keepSegment(String id, String owner, int current, RecordingSegment kept) {
    return segmentField(id, owner, current, "keptSegment." + kept.number(), write(kept));
  }

  private boolean segmentField(String id, String owner, int segment, String field, String value) {
    Long done =
        call(
            SEGMENT_FIELD,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id)},
            List.of(owner, Integer.toString(segment), field, value));
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
            STOP,
            ScriptOutputType.STATUS,
            new String[] {recordKey(id)},
            List.of(id, STOP_CHANNEL, TERMINAL_STATES));
    return StopResult.valueOf(result);
  }

  /**
   * Records where the media of a recording that ended without it went (uploaded later, by a
   * recorder's start-up sweep); false if the recording is unknown or already has an output.
   */
  public boolean keepOutput(String id, RecordingOutput output) {
    Long done =
        call(
            KEEP_OUTPUT,
            ScriptOutputType.INTEGER,
            new String[] {recordKey(id)},
            List.of(write(output), clock.instant().toString()));
    return done != null && done == 1L;
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
        h.get("lastWebhook"),
        h.get("segment") == null ? 1 : Integer.parseInt(h.get("segment")),
        h.get("segmentStartedAt") == null
            ? instant(h.get("startedAt"))
            : instant(h.get("segmentStartedAt")),
        keptSegments(h));
  }

  private List<RecordingSegment> keptSegments(Map<String, String> h) {
    List<RecordingSegment> kept = new ArrayList<>();
    for (Map.Entry<String, String> e : h.entrySet()) {
      if (e.getKey().startsWith("keptSegment.")) {
        kept.add(read(e.getValue(), RecordingSegment.class));
      }
    }
    kept.sort(java.util.Comparator.comparingInt(RecordingSegment::number));
    return List.copyOf(kept);
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
