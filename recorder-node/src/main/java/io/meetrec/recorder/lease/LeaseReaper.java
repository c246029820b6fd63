package io.meetrec.recorder.lease;

import io.meetrec.recorder.drain.Drain;
import io.meetrec.recorder.job.JobConfiguration;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.recorder.session.SessionServices;
import io.meetrec.recorder.session.Takeover;
import io.meetrec.recorder.upload.LiveUploads;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingSegment;
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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after recordings whose recorder is gone: a lease that lapsed by the Redis server's clock
 * means no renewal for a whole TTL, longer than a failover, so the pod is gone (or cut off). Any
 * live recorder may reap, whatever its own clock says.
 *
 * <p>A recording lost mid-meeting is first offered for takeover: a recorder with a free slot takes
 * it ({@link RecordingStore#takeOver}, one wins), gathers what the lost recorder shipped into that
 * segment's media, and records the rest of the meeting as the next segment. Only when no recorder
 * took it within {@code takeover-within} of the lapse (or takeover cannot help: not recording, a
 * stop asked for, segments or time used up) is it ended {@code failed}/{@code recorder_lost} with
 * the media the lost recorder shipped composed first; the store's atomic {@code failLapsed} lets
 * exactly one reaper win, and a recorder that renewed meanwhile keeps its recording. How the
 * recording ends is {@link RecordingOutcomes#reaped}.
 */
@Context
@Requires(property = LeaseConfiguration.PREFIX + ".reaper-enabled", notEquals = "false")
public class LeaseReaper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  /** A takeover that could record less than this is not worth joining the meeting again. */
  private static final Duration WORTH_JOINING = Duration.ofSeconds(10);

  private final RecordingStore store;
  private final RecordingOutcomes outcomes;
  private final SessionManager sessions;
  private final SessionServices services;
  private final LeaseConfiguration config;
  private final boolean takesJobs;
  private final Drain drain;

  /**
   * @param jobs whether this recorder takes jobs: one that does not (a reaper-only node) never
   *     takes a recording over, though it still leaves one on offer for {@code takeover-within}
   */
  public LeaseReaper(
      RecordingStore store,
      RecordingOutcomes outcomes,
      SessionManager sessions,
      SessionServices services,
      LeaseConfiguration config,
      JobConfiguration jobs,
      Drain drain,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.store = store;
    this.outcomes = outcomes;
    this.sessions = sessions;
    this.services = services;
    this.config = config;
    this.takesJobs = jobs.enabled();
    this.drain = drain;
    scheduler.scheduleWithFixedDelay(config.reapEvery(), config.reapEvery(), this::reap);
  }

  /** Takes over or ends every recording whose lease lapsed; returns the ids this reaper handled. */
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
      boolean offered = before != null && mayBeTakenOver(before);
      if (offered) {
        if (takesJobs && !drain.isDraining() && sessions.reserveSlot()) {
          int segment = 0;
          try {
            Duration lapsed = store.lapsedFor(id).orElse(Duration.ZERO);
            segment =
                store.takeOver(id, services.recorder().owner(), config.ttl(), config.maxSegments());
            if (segment > 0) {
              takeOver(before, segment, lapsed);
              return true;
            }
          } finally {
            if (segment == 0) {
              sessions.releaseSlot();
            }
          }
        }
        if (store.lapsedFor(id).orElse(Duration.ZERO).compareTo(config.takeoverWithin()) < 0) {
          return false; // still offered: a recorder with a free slot may take it yet
        }
      }
      // The parts the lost recorder shipped become its segment's media before the recording is
      // ended, so the terminal event can point at them.
      List<RecordingSegment> segments =
          before == null || before.job() == null || before.state() != RecordingState.RECORDING
              ? null
              : segmentsWithTheLostOne(before);
      // The lost recorder's last renewal: about when it died (within one renewal period).
      Instant lastAlive =
          before == null || before.leaseUntil() == null
              ? null
              : before.leaseUntil().minus(config.ttl());
      return outcomes.reaped(
          id, before, segments, lastAlive, offered ? config.takeoverWithin() : Duration.ZERO);
    } catch (RecordingException e) {
      LOG.warn("reaping {} failed: {}", id, e.getMessage());
      return false;
    }
  }

  /** Whether another recorder could still record some of this recording's meeting. */
  private boolean mayBeTakenOver(RecordingRecord r) {
    if (!config.takeoverOn()
        || r.state() != RecordingState.RECORDING
        || r.job() == null
        || r.stopRequested()
        || r.segment() >= config.maxSegments()) {
      return false;
    }
    Duration max =
        services.config().cap(r.job().maxDurationSeconds(), services.drain().gracePeriod());
    Duration used =
        r.startedAt() == null ? Duration.ZERO : Duration.between(r.startedAt(), Instant.now());
    return max.minus(used).compareTo(WORTH_JOINING) > 0;
  }

  /**
   * This recorder now holds {@code before}'s recording as segment {@code segment}: it keeps what
   * the lost recorder's segment shipped, then joins the meeting again for the rest.
   */
  private void takeOver(RecordingRecord before, int segment, Duration lapsed) {
    RecordingJob job = before.job();
    List<RecordingSegment> kept = segmentsWithTheLostOne(before);
    RecordingSegment lost = kept.getLast();
    try {
      if (!store.keepSegment(job.recordingId(), services.recorder().owner(), segment, lost)) {
        LOG.warn("segment {} of {} not kept in the store", lost.number(), job.recordingId());
      }
    } catch (RecordingException e) {
      // The session holds the segments too, and the completion stores them all.
      LOG.warn(
          "segment {} of {} not kept in the store: {}",
          lost.number(),
          job.recordingId(),
          e.getMessage());
    }
    StructuredLog.event(LogEvent.RECORDING_TAKEN_OVER)
        .with(LogField.RECORDING_ID, job.recordingId())
        .with(LogField.CONFERENCE_ID, job.conferenceId())
        .with(LogField.SEGMENT, segment)
        .with(LogField.LATENCY_MS, lapsed.plus(config.ttl()).toMillis())
        .warn(
            LOG,
            "took over recording {} of lost recorder {} as segment {}; segment {} kept {} s",
            job.recordingId(),
            before.owner(),
            segment,
            lost.number(),
            lost.durationSeconds());
    services.metrics().takenOver();
    sessions.admit(
        job,
        Instant.now(),
        null,
        new Takeover(segment, before.startedAt(), kept, before.clientId()));
  }

  /**
   * The segments before the current one as the store kept them, plus the current (lost) one with
   * the media its recorder shipped, composed now.
   */
  private List<RecordingSegment> segmentsWithTheLostOne(RecordingRecord r) {
    List<RecordingSegment> all = new ArrayList<>(r.keptSegments());
    LiveUploads.KeptMedia media = services.liveUploads().compose(r.job(), r.segment()).orElse(null);
    Instant started =
        r.segmentStartedAt() != null
            ? r.segmentStartedAt()
            : (r.startedAt() != null ? r.startedAt() : Instant.now());
    all.add(
        new RecordingSegment(
            r.segment(),
            started,
            media == null ? 0 : media.output().durationSeconds(),
            media == null ? null : media.output()));
    return all;
  }
}
