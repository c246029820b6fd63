package io.meetrec.recorder.outcome;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.events.EventPublisher;
import io.meetrec.recorder.events.EventPublisher.TerminalEvent;
import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingSegments;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.OutboxEntry;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that ends a recording. Every ending is the same protocol: build the terminal event
 * → the store's terminal transition, which writes the event into the outbox in the same script →
 * publish it if that transition won, drop it if not → one log line → one metric. The session
 * (completed, failed), the job handler (expired) and the reaper (recorder lost) each call one
 * method here, once.
 *
 * <p>The store write itself is handed in as a {@link TerminalWrite} where the caller decides how
 * hard to try: the session retries while it holds the lease, the others try once. A write that
 * throws leaves the event unpublished (dropped from this recorder's hands; the transition, if it
 * landed after all, has its event in the outbox for the republisher) and rethrows.
 */
@Singleton
public class RecordingOutcomes {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingOutcomes.class);

  /** The terminal transition, given the outbox entry to store with it; true when it won. */
  @FunctionalInterface
  public interface TerminalWrite {
    boolean write(OutboxEntry outbox);
  }

  /** What a completed recording reports. */
  public record Completion(
      Instant startedAt,
      Instant endedAt,
      String stopReason,
      double recordedSeconds,
      long bytes,
      RecordingOutput output) {}

  private final EventPublisher events;
  private final RecordingStore store;
  private final RecorderMetrics metrics;
  private final RecorderConfiguration recorder;

  public RecordingOutcomes(
      EventPublisher events,
      RecordingStore store,
      RecorderMetrics metrics,
      RecorderConfiguration recorder) {
    this.events = events;
    this.store = store;
    this.metrics = metrics;
    this.recorder = recorder;
  }

  /** Ends a recording {@code completed}; false when someone else ended it first. */
  public boolean completed(RecordingJob job, Completion c, TerminalWrite write) {
    Map<String, Object> data = data(job.conferenceId());
    data.put("stopReason", c.stopReason());
    data.put("durationSeconds", c.recordedSeconds());
    data.put("output", outputData(c.output()));
    TerminalEvent event = events.terminal(job, EventType.COMPLETED, data);
    return end(
        event,
        write,
        () -> {
          StructuredLog.event(LogEvent.RECORDING_COMPLETED)
              .with(LogField.RECORDING_ID, job.recordingId())
              .with(LogField.CONFERENCE_ID, job.conferenceId())
              .with(LogField.DURATION_MS, Duration.between(c.startedAt(), c.endedAt()).toMillis())
              .with(LogField.RECORDED_SECONDS, c.recordedSeconds())
              .with(LogField.BYTES, c.bytes())
              .with(LogField.OUTCOME, c.stopReason())
              .info(LOG, "recording completed ({}) at {}", c.stopReason(), c.output().uri());
          metrics.ended(RecordingState.COMPLETED, c.stopReason());
        });
  }

  /**
   * Ends a recording {@code failed} with {@code error}, from {@code state}; {@code keptMedia}, when
   * given, is where what was recorded went, and goes into the event.
   */
  public boolean failed(
      RecordingJob job,
      RecordingError error,
      @Nullable RecordingState state,
      @Nullable Map<String, Object> keptMedia,
      @Nullable Exception cause,
      TerminalWrite write) {
    Map<String, Object> data = data(job.conferenceId());
    data.put("error", errorData(error));
    if (keptMedia != null) {
      data.put("partialMedia", keptMedia);
    }
    TerminalEvent event = events.terminal(job, EventType.FAILED, data);
    return end(
        event,
        write,
        () -> {
          StructuredLog.event(LogEvent.RECORDING_FAILED)
              .with(LogField.RECORDING_ID, job.recordingId())
              .with(LogField.CONFERENCE_ID, job.conferenceId())
              .with(LogField.ERROR_CODE, error.code())
              .with(LogField.STATE, state == null ? null : state.wireName())
              .warn(LOG, cause, "recording failed: {}", error.message());
          metrics.ended(RecordingState.FAILED, error.code());
        });
  }

  /** Ends a job that reached this recorder after its deadline {@code expired}; tries once. */
  public boolean expired(RecordingJob job, @Nullable Duration queueLatency) {
    RecordingError error =
        RecordingError.of(
            ErrorCode.EXPIRED,
            "the job expired at " + job.expiresAt() + " before any recorder took it");
    Map<String, Object> data = data(job.conferenceId());
    data.put("expiresAt", job.expiresAt().toString());
    data.put("error", errorData(error));
    TerminalEvent event = events.terminal(job, EventType.EXPIRED, data);
    return end(
        event,
        outbox -> store.expire(job, error, outbox),
        () -> {
          StructuredLog.event(LogEvent.RECORDING_EXPIRED)
              .with(LogField.RECORDING_ID, job.recordingId())
              .with(LogField.CONFERENCE_ID, job.conferenceId())
              .with(
                  LogField.QUEUE_LATENCY_MS, queueLatency == null ? null : queueLatency.toMillis())
              .info(LOG, "job expired before it could start");
          metrics.ended(RecordingState.EXPIRED, error.code());
        });
  }

  /**
   * Ends a queued job that was asked to stop before any recorder took it {@code cancelled}: no
   * browser ever opened. False when it had already left the queue.
   */
  public boolean cancelled(RecordingJob job) {
    Map<String, Object> data = data(job.conferenceId());
    data.put("stopReason", "stop_requested");
    TerminalEvent event = events.terminal(job, EventType.CANCELLED, data);
    return end(
        event,
        outbox -> {
          boolean won =
              store.transition(
                  job.recordingId(),
                  RecordingState.CANCELLED,
                  null,
                  new RecordingUpdate(null, Instant.now(), null, null, null),
                  outbox);
          if (won) {
            store.forgetQueued(job.recordingId());
          }
          return won;
        },
        () -> {
          LOG.info("job {} cancelled: stop requested while queued", job.recordingId());
          metrics.ended(RecordingState.CANCELLED, "stop_requested");
        });
  }

  /**
   * Fails a still-queued recording whose message could not be read ({@code invalid_job}): the
   * intake wrote a good job, the message carries something else. False when it had left the queue.
   */
  public boolean invalid(RecordingJob job, String why) {
    RecordingError error = RecordingError.of(ErrorCode.INVALID_JOB, why);
    return failed(
        job,
        error,
        RecordingState.QUEUED,
        null,
        null,
        outbox -> {
          boolean won =
              store.transition(
                  job.recordingId(),
                  RecordingState.FAILED,
                  null,
                  RecordingUpdate.failed(Instant.now(), error),
                  outbox);
          if (won) {
            store.forgetQueued(job.recordingId());
          }
          return won;
        });
  }

  /**
   * Ends a recording whose lease lapsed by the server's clock (its recorder is gone) {@code failed}
   * with {@code recorder_lost}, if it has been lapsed for at least {@code lapsedFor} (the time it
   * was on offer for a takeover); tries once, and of several reapers one wins. {@code segments},
   * when given, are the recording's segments with the media each kept (the last one's recorder is
   * the lost one), which the event and the record point at, with the seconds lost between them and
   * from the last one's end to {@code lastAlive} (the lost recorder's last lease renewal).
   */
  public boolean reaped(
      String id,
      @Nullable RecordingRecord before,
      @Nullable List<RecordingSegment> segments,
      @Nullable Instant lastAlive,
      Duration lapsedFor) {
    String owner = before == null ? null : before.owner();
    Map<String, Object> data = data(before == null ? null : before.conferenceId());
    RecordingOutput kept = null;
    double lost = 0;
    if (segments != null) {
      kept =
          segments.size() == 1
              ? segments.getFirst().media()
              : RecordingSegments.output(segments, lastAlive);
      lost = RecordingSegments.lostSeconds(segments, lastAlive);
    }
    RecordingError error;
    if (kept != null) {
      error =
          RecordingError.of(
              ErrorCode.RECORDER_LOST,
              "recorder " + owner + " stopped renewing its lease; the media it shipped is kept");
      data.put("error", errorData(error));
      Map<String, Object> media = outputData(kept);
      media.put("lostSeconds", lost);
      data.put("partialMedia", media);
    } else {
      error =
          RecordingError.of(
              ErrorCode.RECORDER_LOST,
              "recorder "
                  + owner
                  + " stopped renewing its lease; the media it recorded stays there");
      data.put("error", errorData(error));
    }
    if (kept == null && before != null && before.job() != null) {
      // Where the lost recorder was writing, by the fleet's shared work-dir layout; a recorder
      // restarted on the same volume uploads it from there at start-up.
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
    RecordingOutput keptOutput = kept;
    TerminalEvent event =
        events.terminal(
            id,
            before == null || before.job() == null ? null : before.job().webhookUrl(),
            EventType.FAILED,
            data);
    return end(
        event,
        outbox -> {
          boolean won = store.failLapsed(id, error, outbox, lapsedFor);
          if (won && keptOutput != null) {
            store.keepOutput(id, keptOutput);
          }
          return won;
        },
        () -> {
          StructuredLog.event(LogEvent.LEASE_REAPED)
              .with(LogField.RECORDING_ID, id)
              .with(LogField.CONFERENCE_ID, before == null ? null : before.conferenceId())
              .with(LogField.STATE, before == null ? null : before.state().wireName())
              .with(LogField.ERROR_CODE, error.code())
              .warn(LOG, "reaped recording {} of lost recorder {}", id, owner);
          metrics.ended(RecordingState.FAILED, error.code());
        });
  }

  private boolean end(TerminalEvent event, TerminalWrite write, Runnable logAndCount) {
    boolean won;
    try {
      won = write.write(event.outbox());
    } catch (RuntimeException e) {
      events.discard(event);
      throw e;
    }
    if (!won) {
      events.discard(event);
      return false;
    }
    logAndCount.run();
    events.publish(event);
    return true;
  }

  private static Map<String, Object> data(@Nullable String conferenceId) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (conferenceId != null) {
      d.put("conferenceId", conferenceId);
    }
    return d;
  }

  private static Map<String, Object> errorData(RecordingError error) {
    return Map.of("code", error.code(), "message", error.message());
  }

  public static Map<String, Object> outputData(RecordingOutput o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", o.uri());
    m.put("sizeBytes", o.sizeBytes());
    m.put("durationSeconds", o.durationSeconds());
    m.put("md5Base64", o.md5Base64());
    m.put("crc32c", o.crc32c());
    m.put("contentType", o.contentType());
    if (o.segments() != null) {
      m.put("segments", o.segments().stream().map(RecordingOutcomes::segmentData).toList());
      m.put("lostSeconds", o.lostSeconds());
    }
    return m;
  }

  private static Map<String, Object> segmentData(RecordingSegment segment) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", segment.number());
    m.put("startedAt", segment.startedAt().toString());
    m.put("endedAt", segment.endedAt().toString());
    m.put("durationSeconds", segment.durationSeconds());
    if (segment.media() != null) {
      m.put("uri", segment.media().uri());
      m.put("sizeBytes", segment.media().sizeBytes());
      m.put("crc32c", segment.media().crc32c());
    }
    return m;
  }
}
