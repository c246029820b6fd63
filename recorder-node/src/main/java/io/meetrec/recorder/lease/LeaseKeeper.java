package io.meetrec.recorder.lease;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.session.RecordingSession;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.store.LeaseRenewal;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the lease of every session this recorder runs, from the claim until the session leaves
 * (through finalizing and upload). Leases run on the Redis server's clock. A store that has no
 * record of a running session at all (Redis restarted without persistence, or failed over to a
 * replica that missed the writes) gets it back from the job the session holds; only a refusal
 * (another owner, or already ended) tells the session to stand down.
 */
@Context
public class LeaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final SessionManager sessions;
  private final RecordingStore store;
  private final LeaseConfiguration config;
  private final String owner;

  public LeaseKeeper(
      SessionManager sessions,
      RecordingStore store,
      LeaseConfiguration config,
      RecorderConfiguration recorder,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.sessions = sessions;
    this.store = store;
    this.config = config;
    this.owner = recorder.owner();
    scheduler.scheduleWithFixedDelay(config.renewEvery(), config.renewEvery(), this::renewAll);
  }

  void renewAll() {
    for (RecordingSession session : sessions.sessions()) {
      try (LogContext ignored = LogContext.recording(session.recordingId(), null)) {
        LeaseRenewal renewal = store.renew(session.recordingId(), owner, config.ttl());
        switch (renewal) {
          case RENEWED -> session.leaseRenewed();
          case MISSING -> session.reassert();
          case LOST -> {
            LOG.warn("lease renewal refused: the recording was ended elsewhere");
            session.leaseLost();
          }
        }
      } catch (RecordingException e) {
        // Redis away: keep trying; the lease is sized to outlive a failover.
        LOG.warn("lease renewal failed: {}", e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("lease renewal failed unexpectedly", e);
      }
    }
  }
}
