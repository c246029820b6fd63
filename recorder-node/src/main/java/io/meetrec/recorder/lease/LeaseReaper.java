package io.meetrec.recorder.lease;

import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.recorder.upload.LiveUploads;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends recordings whose recorder is gone: a lease that lapsed by the Redis server's clock means no
 * renewal for a whole TTL, longer than a failover, so the pod is gone (or cut off). Any live
 * recorder may reap, whatever its own clock says; the store's atomic {@code failLapsed} lets
 * exactly one win, and a recorder that renewed meanwhile keeps its recording. What the lost
 * recorder shipped while recording ({@link LiveUploads}) is composed into the recording's media
 * first. How the recording ends is {@link RecordingOutcomes#reaped}.
 */
@Context
@Requires(property = LeaseConfiguration.PREFIX + ".reaper-enabled", notEquals = "false")
public class LeaseReaper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  private final RecordingStore store;
  private final RecordingOutcomes outcomes;
  private final SessionManager sessions;
  private final LiveUploads liveUploads;
  private final Duration ttl;

  public LeaseReaper(
      RecordingStore store,
      RecordingOutcomes outcomes,
      SessionManager sessions,
      LiveUploads liveUploads,
      LeaseConfiguration config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.store = store;
    this.outcomes = outcomes;
    this.sessions = sessions;
    this.liveUploads = liveUploads;
    this.ttl = config.ttl();
    scheduler.scheduleWithFixedDelay(config.reapEvery(), config.reapEvery(), this::reap);
  }

  /** Fails every recording whose lease lapsed; returns the ids this reaper ended. */
  public List<String> reap() {
    List<String> lapsed;
    try {
      lapsed = store.lapsedLeases();
    } catch (RecordingException e) {
      LOG.warn("reaper could not read leases: {}", e.getMessage());
      return List.of();
    }
    return lapsed.stream().filter(id -> !sessions.isRunning(id)).filter(this::reap).toList();
  }

  private boolean reap(String id) {
    try (LogContext ignored = LogContext.recording(id, null)) {
      RecordingRecord before = store.find(id).orElse(null);
      // The parts the lost recorder shipped become the recording's media before it is ended, so
      // the terminal event can point at them.
      LiveUploads.KeptMedia kept =
          before == null || before.job() == null || before.state() != RecordingState.RECORDING
              ? null
              : liveUploads.compose(before.job()).orElse(null);
      // The lost recorder's last renewal: about when it died (within one renewal period).
      Instant lastAlive =
          before == null || before.leaseUntil() == null ? null : before.leaseUntil().minus(ttl);
      return outcomes.reaped(id, before, kept, lastAlive);
    } catch (RecordingException e) {
      LOG.warn("reaping {} failed: {}", id, e.getMessage());
      return false;
    }
  }
}
