package io.meetrec.recorder.lease;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.events.EventPublisher;
import io.meetrec.recorder.events.EventPublisher.TerminalEvent;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends recordings whose recorder died: a lease that lapsed means no renewal for a whole TTL, so the
 * pod is gone (or cut off). Any live recorder may reap; the store's atomic {@code failLapsed} lets
 * exactly one win, and a recorder that renewed meanwhile keeps its recording. The reaper uploads
 * nothing: the partial media stays in the dead pod's work directory (the event names where), so
 * nothing is ever uploaded twice.
 */
@Context
@Requires(property = LeaseConfiguration.PREFIX + ".reaper-enabled", notEquals = "false")
public class LeaseReaper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  private final RecordingStore store;
  private final EventPublisher events;
  private final SessionManager sessions;
  private final RecorderConfiguration recorder;

  public LeaseReaper(
      RecordingStore store,
      EventPublisher events,
      SessionManager sessions,
      RecorderConfiguration recorder,
      LeaseConfiguration config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.store = store;
    this.events = events;
    this.sessions = sessions;
    this.recorder = recorder;
    scheduler.scheduleWithFixedDelay(config.reapEvery(), config.reapEvery(), this::reap);
  }

  /** Fails every recording whose lease lapsed; returns the ids this reaper ended. */
  public List<String> reap() {
    Instant now = Instant.now();
    List<String> lapsed;
    try {
      lapsed = store.lapsedLeases(now);
    } catch (RecordingException e) {
      LOG.warn("reaper could not read leases: {}", e.getMessage());
      return List.of();
    }
    return lapsed.stream()
        .filter(id -> !sessions.isRunning(id))
        .filter(id -> reap(id, now))
        .toList();
  }

  private boolean reap(String id, Instant now) {
    try (LogContext ignored = LogContext.recording(id, null)) {
      RecordingRecord before = store.find(id).orElse(null);
      String owner = before == null ? null : before.owner();
      RecordingError error =
          RecordingError.of(
              ErrorCode.RECORDER_LOST,
              "recorder "
                  + owner
                  + " stopped renewing its lease; the media it recorded stays there");
      Map<String, Object> data = new LinkedHashMap<>();
      if (before != null && before.conferenceId() != null) {
        data.put("conferenceId", before.conferenceId());
      }
      data.put("error", Map.of("code", error.code(), "message", error.message()));
      if (before != null && before.job() != null) {
        // Where the dead recorder was writing, by the fleet's shared work-dir layout.
        data.put(
            "partialMedia",
            Map.of(
                "recorder",
                String.valueOf(owner),
                "path",
                recorder
                    .workPath()
                    .resolve(id)
                    .resolve(StorageLayout.mediaFileName(before.job().audioOnly()))
                    .toString()));
      }
      TerminalEvent failed =
          events.terminal(
              id,
              before == null || before.job() == null ? null : before.job().webhookUrl(),
              EventType.FAILED,
              data);
      boolean won;
      try {
        won = store.failLapsed(id, now, error, failed.outbox());
      } catch (RecordingException e) {
        events.discard(failed);
        throw e;
      }
      if (!won) {
        events.discard(failed);
        return false;
      }
      StructuredLog.event(LogEvent.LEASE_REAPED)
          .with(LogField.RECORDING_ID, id)
          .with(LogField.CONFERENCE_ID, before == null ? null : before.conferenceId())
          .with(LogField.STATE, before == null ? null : before.state().wireName())
          .with(LogField.ERROR_CODE, ErrorCode.RECORDER_LOST.wire())
          .warn(LOG, "reaped recording {} of lost recorder {}", id, owner);
      events.publish(failed);
      return true;
    } catch (RecordingException e) {
      LOG.warn("reaping {} failed: {}", id, e.getMessage());
      return false;
    }
  }
}
