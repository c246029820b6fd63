package io.meetrec.recorder.session;

import io.meetrec.recorder.events.EventPublisher.TerminalEvent;
import io.meetrec.recorder.media.CaptureProgress;
import io.meetrec.recorder.media.CaptureRequest;
import io.meetrec.recorder.media.CaptureResult;
import io.meetrec.recorder.media.CaptureSession;
import io.meetrec.recorder.media.PageSignal;
import io.meetrec.recorder.media.StreamInfo;
import io.meetrec.recorder.metrics.ProcessTreeCpu;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingUpdate;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed recording, top to bottom: join token → capture in a slot → {@code recording.started}
 * → record until a stop condition (stop request, max duration, meeting ended, alone) → finalize →
 * upload → {@code recording.completed}; any {@link RecordingException} on the way ends it {@code
 * failed} with that code and the media recorded so far kept on disk.
 *
 * <p>Every state change is a store transition owned by this recorder; when one is refused, another
 * party (the reaper, after a lapsed lease) already ended the recording, so the session stops
 * without uploading or publishing anything.
 */
public final class RecordingSession implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);

  private final RecordingJob job;
  private final Instant claimedAt;
  private final @Nullable Duration queueLatency;
  private final SessionServices s;
  private final String owner;
  private final Runnable onExit;
  private final double cpuAtClaim = ProcessTreeCpu.seconds();

  private volatile String phase = "starting";
  private volatile @Nullable StopReason stopReason;
  private volatile boolean leaseLost;
  private volatile @Nullable Instant startedAt;
  private volatile @Nullable CaptureSession capture;

  RecordingSession(
      RecordingJob job,
      Instant claimedAt,
      @Nullable Duration queueLatency,
      SessionServices services,
      Runnable onExit) {
    this.job = job;
    this.claimedAt = claimedAt;
    this.queueLatency = queueLatency;
    this.s = services;
    this.owner = services.recorder().owner();
    this.onExit = onExit;
  }

  public String recordingId() {
    return job.recordingId();
  }

  /** Asks the session to end normally (it still finalizes and uploads). */
  public void requestStop(StopReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** The lease could not be renewed: someone else ended this recording. */
  public void leaseLost() {
    leaseLost = true;
  }

  public SessionView view() {
    CaptureSession c = capture;
    CaptureProgress p = progressOf(c);
    return new SessionView(
        job.recordingId(),
        job.conferenceId(),
        phase,
        claimedAt,
        startedAt,
        p.recordedSeconds(),
        p.bytes(),
        stopReason == null ? null : stopReason.wire());
  }

  /**
   * The CPU this session cost, for cost per recorded hour: the recorder's whole process tree over
   * the session, shared among the slots busy at its end (exact with one slot, the production
   * default).
   */
  private void logUsage(double recordedSeconds, Duration wall) {
    int busy = Math.max(1, s.capture().capacity() - s.capture().available());
    double cpu = Math.round((ProcessTreeCpu.seconds() - cpuAtClaim) / busy * 1000) / 1000.0;
    StructuredLog.event(LogEvent.RECORDER_USAGE)
        .with(LogField.RECORDING_ID, job.recordingId())
        .with(LogField.CONFERENCE_ID, job.conferenceId())
        .with(LogField.CPU_SECONDS, cpu)
        .with(LogField.RECORDED_SECONDS, recordedSeconds)
        .with(LogField.DURATION_MS, wall.toMillis())
        .info(LOG, "session used {} CPU-seconds for {} recorded seconds", cpu, recordedSeconds);
  }

  @Override
  public void run() {
    try (LogContext ignored = LogContext.recording(job.recordingId(), job.conferenceId())) {
      record();
    } catch (RuntimeException e) {
      LOG.error("session ended unexpectedly", e);
    } finally {
      onExit.run();
    }
  }

  private void record() {
    Path file;
    try {
      Path dir = s.recorder().workPath().resolve(job.recordingId());
      Files.createDirectories(dir);
      file = dir.resolve(StorageLayout.mediaFileName(job.audioOnly()));
    } catch (IOException e) {
      fail(new RecordingException(ErrorCode.CAPTURE_FAILED, "work directory: " + e.getMessage()));
      return;
    }
    try {
      s.meetingUrls().check(job.meetingUrl());
      String token = s.joinTokens().joinToken(job);
      capture =
          s.capture()
              .start(
                  new CaptureRequest(
                      job.recordingId(),
                      URI.create(job.meetingUrl()),
                      token,
                      job.effectiveVideo(),
                      job.audioOnly(),
                      file,
                      s.config().startTimeout()));
      Instant now = Instant.now();
      Instant firstFrame = capture.firstFrameAt() != null ? capture.firstFrameAt() : now;
      Duration startLatency = Duration.between(claimedAt, firstFrame);
      s.metrics().startLatency(startLatency);
      if (!s.store()
          .transition(
              job.recordingId(), RecordingState.RECORDING, owner, RecordingUpdate.started(now))) {
        abandon("the recording was ended by someone else before it started");
        return;
      }
      startedAt = now;
      phase = "recording";
      StructuredLog.event(LogEvent.RECORDING_STARTED)
          .with(LogField.RECORDING_ID, job.recordingId())
          .with(LogField.CONFERENCE_ID, job.conferenceId())
          .with(LogField.QUEUE_LATENCY_MS, queueLatency == null ? null : queueLatency.toMillis())
          .with(LogField.START_LATENCY_MS, startLatency.toMillis())
          .info(LOG, "recording started ({} ms after the claim)", startLatency.toMillis());
      publishProgressEvent(EventType.STARTED, data("startedAt", now.toString()));

      StopReason reason = recordUntilStop(capture);
      if (reason == null) {
        abandon("lease lost or recorder shutting down; media kept at " + file);
        return;
      }
      if (reason == StopReason.STOP_REQUESTED) {
        publishProgressEvent(EventType.STOPPED, data("reason", reason.wire()));
      }
      phase = "finalizing";
      CaptureProgress before = capture.progress();
      if (!s.store()
          .transition(
              job.recordingId(),
              RecordingState.FINALIZING,
              owner,
              RecordingUpdate.NONE.withProgress(
                  new RecordingProgress(before.recordedSeconds(), before.bytes())))) {
        abandon("the recording was ended by someone else while recording");
        return;
      }
      CaptureResult result = capture.stop();
      capture.close();
      capture = null;
      s.metrics().recorded(result.durationSeconds());

      phase = "uploading";
      Instant endedAt = Instant.now();
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("startedAt", now.toString());
      metadata.put("endedAt", endedAt.toString());
      metadata.put("stopReason", reason.wire());
      metadata.put("streams", streams(result.streams()));
      RecordingOutput output =
          s.uploader().upload(job, result.file(), result.durationSeconds(), metadata);
      RecordingProgress progress =
          new RecordingProgress(result.durationSeconds(), result.sizeBytes());
      Map<String, Object> done = data("stopReason", reason.wire());
      done.put("durationSeconds", result.durationSeconds());
      done.put("output", outputData(output));
      TerminalEvent completed = s.events().terminal(job, EventType.COMPLETED, done);
      if (!endWith(
          completed,
          RecordingState.COMPLETED,
          RecordingUpdate.completed(endedAt, progress, output))) {
        LOG.warn("recording uploaded to {} but was ended by someone else meanwhile", output.uri());
        return;
      }
      phase = "completed";
      StructuredLog.event(LogEvent.RECORDING_COMPLETED)
          .with(LogField.RECORDING_ID, job.recordingId())
          .with(LogField.CONFERENCE_ID, job.conferenceId())
          .with(LogField.DURATION_MS, Duration.between(now, endedAt).toMillis())
          .with(LogField.RECORDED_SECONDS, result.durationSeconds())
          .with(LogField.BYTES, result.sizeBytes())
          .with(LogField.OUTCOME, reason.wire())
          .info(LOG, "recording completed ({}) at {}", reason.wire(), output.uri());
      logUsage(result.durationSeconds(), Duration.between(claimedAt, endedAt));
      s.events().publish(completed);
    } catch (RecordingException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new RecordingException(ErrorCode.INTERNAL, "unexpected: " + e, e));
    } finally {
      CaptureSession c = capture;
      if (c != null) {
        c.close();
      }
    }
  }

  /** Returns why the recording ends normally, or null when it must be abandoned. */
  private @Nullable StopReason recordUntilStop(CaptureSession c) {
    Duration max =
        job.maxDurationSeconds() > 0
            ? Duration.ofSeconds(job.maxDurationSeconds())
            : s.config().defaultMaxDuration();
    long startNanos = System.nanoTime();
    long nextProgress = startNanos + s.config().progressEvery().toNanos();
    long nextStopPoll = startNanos + s.config().stopPollEvery().toNanos();
    while (true) {
      if (leaseLost || Thread.currentThread().isInterrupted()) {
        return null;
      }
      if (stopReason != null) {
        return stopReason;
      }
      long now = System.nanoTime();
      if (now - startNanos >= max.toNanos()) {
        return StopReason.MAX_DURATION;
      }
      PageSignal signal = c.pageSignal().orElse(null);
      if (signal != null) {
        switch (signal) {
          case MEETING_ENDED -> {
            return StopReason.MEETING_ENDED;
          }
          case ALONE -> {
            return StopReason.ALONE;
          }
          case CRASHED ->
              throw new RecordingException(ErrorCode.BROWSER_CRASHED, "the slot's browser died");
          case NO_MEDIA ->
              throw new RecordingException(ErrorCode.NO_MEDIA, "no picture or sound arrived");
        }
      }
      if (now >= nextProgress) {
        nextProgress = now + s.config().progressEvery().toNanos();
        CaptureProgress p = c.progress();
        try {
          s.store()
              .updateProgress(
                  job.recordingId(), owner, new RecordingProgress(p.recordedSeconds(), p.bytes()));
        } catch (RecordingException e) {
          LOG.warn("progress not stored: {}", e.getMessage());
        }
      }
      if (now >= nextStopPoll) {
        nextStopPoll = now + s.config().stopPollEvery().toNanos();
        try {
          s.store()
              .find(job.recordingId())
              .ifPresent(
                  r -> {
                    if (r.stopRequested()) {
                      requestStop(StopReason.STOP_REQUESTED);
                    }
                    if (r.state().isTerminal()) {
                      leaseLost();
                    }
                  });
        } catch (RecordingException e) {
          LOG.warn("stop flag not read: {}", e.getMessage());
        }
      }
      try {
        Thread.sleep(s.config().tick().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** Stops capture so the file is finalized, and leaves the recording's fate to its new owner. */
  private void abandon(String why) {
    phase = "abandoned";
    CaptureSession c = capture;
    if (c != null) {
      try {
        c.stop();
      } catch (RuntimeException e) {
        LOG.warn("capture stop failed while abandoning: {}", e.getMessage());
      }
    }
    LOG.warn("recording abandoned: {}", why);
  }

  private void fail(RecordingException e) {
    phase = "failed";
    CaptureSession c = capture;
    if (c != null) {
      try {
        c.stop();
      } catch (RuntimeException stopFailure) {
        LOG.warn("capture stop failed: {}", stopFailure.getMessage());
      }
    }
    s.metrics().error(e.code());
    RecordingError error = RecordingError.of(e.code(), e.getMessage());
    TerminalEvent failed =
        s.events()
            .terminal(
                job,
                EventType.FAILED,
                data("error", Map.of("code", error.code(), "message", error.message())));
    boolean won;
    try {
      won = endWith(failed, RecordingState.FAILED, RecordingUpdate.failed(Instant.now(), error));
    } catch (RecordingException storeDown) {
      LOG.error("failure not stored; the lease will lapse and the reaper will end it", storeDown);
      return;
    }
    StructuredLog.event(LogEvent.RECORDING_FAILED)
        .with(LogField.RECORDING_ID, job.recordingId())
        .with(LogField.CONFERENCE_ID, job.conferenceId())
        .with(LogField.ERROR_CODE, e.code().wire())
        .warn(LOG, e, "recording failed: {}", e.getMessage());
    if (won) {
      s.events().publish(failed);
    }
  }

  /**
   * The terminal transition, with its event stored in the outbox in the same step; false (and the
   * event dropped) when someone else ended the recording first.
   */
  private boolean endWith(TerminalEvent event, RecordingState to, RecordingUpdate update) {
    boolean won;
    try {
      won = s.store().transition(job.recordingId(), to, owner, update, event.outbox());
    } catch (RuntimeException e) {
      s.events().discard(event);
      throw e;
    }
    if (!won) {
      s.events().discard(event);
    }
    return won;
  }

  /**
   * A non-terminal event that cannot be published is logged, not fatal: the recording itself is
   * fine, and the terminal event still tells the customer how it ended.
   */
  private void publishProgressEvent(EventType type, Map<String, Object> data) {
    try {
      s.events().publish(job, type, data);
    } catch (RecordingException e) {
      LOG.warn("{} event not published: {}", type.wireName(), e.getMessage());
    }
  }

  private Map<String, Object> data(String key, Object value) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("conferenceId", job.conferenceId());
    d.put(key, value);
    return d;
  }

  static Map<String, Object> outputData(RecordingOutput o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", o.uri());
    m.put("sizeBytes", o.sizeBytes());
    m.put("durationSeconds", o.durationSeconds());
    m.put("md5Base64", o.md5Base64());
    m.put("crc32c", o.crc32c());
    m.put("contentType", o.contentType());
    return m;
  }

  private static List<Map<String, Object>> streams(List<StreamInfo> streams) {
    return streams == null
        ? List.of()
        : streams.stream()
            .map(
                st -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("kind", st.kind());
                  m.put("codec", st.codec());
                  if ("video".equals(st.kind())) {
                    m.put("width", st.width());
                    m.put("height", st.height());
                    m.put("fps", st.fps());
                  } else {
                    m.put("sampleRate", st.sampleRate());
                    m.put("channels", st.channels());
                  }
                  return m;
                })
            .toList();
  }

  private static CaptureProgress progressOf(@Nullable CaptureSession c) {
    if (c == null) {
      return new CaptureProgress(0, 0, 0);
    }
    try {
      return c.progress();
    } catch (RuntimeException e) {
      return new CaptureProgress(0, 0, 0);
    }
  }
}
