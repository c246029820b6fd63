package io.meetrec.recorder.lease;

import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends recordings whose recorder is gone: a lease that lapsed by the Redis server's clock means no
 * renewal for a whole TTL, longer than a failover, so the pod is gone (or cut off). Any live
 * recorder may reap, whatever its own clock says; the store's atomic {@code failLapsed} lets
 * exactly one win, and a recorder that renewed meanwhile keeps its recording. How the recording
 * ends is {@link RecordingOutcomes#reaped}.
 */
@Context
@Requires(property = LeaseConfiguration.PREFIX + ".reaper-enabled", notEquals = "false")
public class LeaseReaper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  private final RecordingStore store;
  private final RecordingOutcomes outcomes;
  private final SessionManager sessions;

  public LeaseReaper(
      RecordingStore store,
      RecordingOutcomes outcomes,
      SessionManager sessions,
      LeaseConfiguration config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.store = store;
    this.outcomes = outcomes;
    this.sessions = sessions;
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
      return outcomes.reaped(id, before);
    } catch (RecordingException e) {
      LOG.warn("reaping {} failed: {}", id, e.getMessage());
      return false;
    }
  }
}
