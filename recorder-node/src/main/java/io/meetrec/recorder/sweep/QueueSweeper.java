package io.meetrec.recorder.sweep;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends queued recordings whose deadline passed, whatever happened to their message (lost,
 * dead-lettered, seeked past, never published): until now only a recorder that received the job
 * expired it, so a record whose message never arrived stayed {@code queued} forever. A recording
 * asked to stop while queued is cancelled instead.
 *
 * <p>Every recorder runs this; only the leader sweeps. Leadership is a Redis key held with a TTL of
 * three sweep intervals and renewed by its holder on every sweep, so a dead leader is replaced
 * within that time. Correctness does not depend on it (the terminal scripts let one caller win); it
 * keeps a fleet from doing the same work.
 */
@Context
@Requires(property = SweepConfiguration.PREFIX + ".enabled", notEquals = "false")
public class QueueSweeper {

  static final String LEADER = "meetrec:sweeper:leader";
  private static final Logger LOG = LoggerFactory.getLogger(QueueSweeper.class);

  private static final String LEAD =
      """
      local holder = redis.call('GET', KEYS[1])
      if holder and holder ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return 1
      """;

  private final RecordingStore store;
  private final RecordingOutcomes outcomes;
  private final RedisCommands<String, String> redis;
  private final SweepConfiguration config;
  private final String owner;

  public QueueSweeper(
      RecordingStore store,
      RecordingOutcomes outcomes,
      StatefulRedisConnection<String, String> connection,
      SweepConfiguration config,
      RecorderConfiguration recorder,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.store = store;
    this.outcomes = outcomes;
    this.redis = connection.sync();
    this.config = config;
    this.owner = recorder.owner();
    scheduler.scheduleWithFixedDelay(config.every(), config.every(), this::sweepIfLeader);
  }

  /** Sweeps when this recorder leads (taking the lead if nobody holds it). */
  public List<String> sweepIfLeader() {
    try {
      if (!lead()) {
        return List.of();
      }
      return sweep(Instant.now());
    } catch (RecordingException | io.lettuce.core.RedisException e) {
      LOG.warn("queue sweep skipped: {}", e.getMessage());
      return List.of();
    }
  }

  boolean lead() {
    Long won =
        redis.eval(
            LEAD,
            ScriptOutputType.INTEGER,
            new String[] {LEADER},
            owner,
            Long.toString(config.every().multipliedBy(3).toMillis()));
    return won != null && won == 1L;
  }

  /** Ends every overdue queued recording; returns the ids this sweep ended. */
  List<String> sweep(Instant now) {
    List<String> ended = new ArrayList<>();
    for (String id : store.queuedPastDeadline(now, config.batch())) {
      try (LogContext ignored = LogContext.recording(id, null)) {
        Optional<RecordingRecord> r = store.find(id);
        if (r.isEmpty() || r.get().state() != RecordingState.QUEUED || r.get().job() == null) {
          store.forgetQueued(id);
          continue;
        }
        boolean won =
            r.get().stopRequested()
                ? outcomes.cancelled(r.get().job())
                : outcomes.expired(r.get().job(), null);
        store.forgetQueued(id);
        if (won) {
          ended.add(id);
        }
      } catch (RecordingException e) {
        LOG.warn("sweeper could not end {}: {}", id, e.getMessage());
      }
    }
    if (!ended.isEmpty()) {
      LOG.info("queue sweeper ended {} overdue queued recording(s)", ended.size());
    }
    return ended;
  }
}
