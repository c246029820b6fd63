package io.meetrec.recorder.health;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.drain.Drain;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.recorder.session.SlotsChanged;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recorder.availability} log line, at start, on every change and every 30 s, from which
 * the log-based "% available recorder agents" alert and queries are computed.
 */
@Context
public class AvailabilityLog implements ApplicationEventListener<SlotsChanged> {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityLog.class);

  private final SessionManager sessions;
  private final Drain drain;

  public AvailabilityLog(
      SessionManager sessions,
      Drain drain,
      RecorderConfiguration config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.sessions = sessions;
    this.drain = drain;
    scheduler.scheduleAtFixedRate(
        java.time.Duration.ZERO, config.availabilityLogEvery(), this::log);
  }

  @Override
  public void onApplicationEvent(SlotsChanged event) {
    log();
  }

  void log() {
    int free = drain.isDraining() ? 0 : sessions.freeSlots();
    // About the pod, not the recording whose start or end triggered it.
    try (LogContext ignored = LogContext.recording(null, null)) {
      StructuredLog.event(LogEvent.RECORDER_AVAILABILITY)
          .with(LogField.AVAILABLE, free > 0)
          .with(LogField.SLOTS, sessions.capacity())
          .with(LogField.FREE_SLOTS, free)
          .info(LOG, "{} of {} slots free", free, sessions.capacity());
    }
  }
}
