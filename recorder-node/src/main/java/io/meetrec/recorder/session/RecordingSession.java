package io.meetrec.recorder.session;

import io.meetrec.recorder.media.CaptureProgress;
import io.meetrec.recorder.media.CaptureRequest;
import io.meetrec.recorder.media.CaptureResult;
import io.meetrec.recorder.media.CaptureSession;
import io.meetrec.recorder.media.PageSignal;
import io.meetrec.recorder.media.StreamInfo;
import io.meetrec.recorder.metrics.ProcessTreeCpu;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.upload.LiveParts;
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
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingSegments;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.OutboxEntry;
import io.meetrec.shared.store.RecordingUpdate;
import io.meetrec.shared.store.TransitionResult;
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
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed recording, top to bottom: join token → capture in a slot → {@code recording.started}
 * → record until a stop condition (stop request, max duration, meeting ended, alone, no media) →
 * finalize → upload → {@code recording.completed}; a capture or upload failure ends it {@code
 * failed} with its code, the media recorded so far uploaded where possible.
 *
 * <p>Redis is not this session's only memory: it holds the job. Every state write is retried with
 * backoff while the lease lasts (a write whose outcome was unknown finds its own result when
 * repeated), and a store that lost the recording gets it back from the job ({@link
 * io.meetrec.shared.store.RecordingStore#reassert}). A store error never skips the upload, and a
 * completed upload is never reported as a failure. Only a refused write (someone else ended the
 * recording) makes the session stand down, and then it still uploads what it recorded.
 *
 * <p>How the recording ends (event, transition, log, metric) is {@link RecordingOutcomes}' job.
 */
public final class RecordingSession implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);
  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 2000;

  private final RecordingJob job;
  private final @Nullable Takeover takeover;
  private final int segment;
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
  private volatile @Nullable Instant segmentStartedAt;
  private volatile @Nullable CaptureSession capture;
  private volatile @Nullable LiveParts parts;
  private volatile RecordingState storedState = RecordingState.STARTING;
  private volatile long leaseConfirmedNanos = System.nanoTime();
  private volatile @Nullable String clientId;

  RecordingSession(
      RecordingJob job,
      Instant claimedAt,
      @Nullable Duration queueLatency,
      @Nullable Takeover takeover,
      SessionServices services,
      Runnable onExit) {
    this.job = job;
    this.takeover = takeover;
    this.segment = takeover == null ? 1 : takeover.segment();
    if (takeover != null) {
      // The store already has it recording, held by this recorder since the takeover.
      this.storedState = RecordingState.RECORDING;
      this.clientId = takeover.clientId();
    }
    this.claimedAt = claimedAt;
    this.queueLatency = queueLatency;
    this.s = services;
    this.owner = services.recorder().owner();
    this.onExit = onExit;
  }

  public String recordingId() {
    return job.recordingId();
  }

  /** The job this session holds: what re-asserts the recording if the store loses it. */
  public RecordingJob job() {
    return job;
  }

  /** The state this session last stored. */
  public RecordingState storedState() {
    return storedState;
  }

  public @Nullable Instant startedAt() {
    return startedAt;
  }

  /** The client the store had the recording under, once read; kept for a re-assert. */
  public @Nullable String clientId() {
    return clientId;
  }

  /** Asks the session to end normally (it still finalizes and uploads). */
  public void requestStop(StopReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** The store refused the lease: someone else ended this recording. */
  public void leaseLost() {
    leaseLost = true;
  }

  /** The store confirmed this recorder's lease just now. */
  public void leaseRenewed() {
    leaseConfirmedNanos = System.nanoTime();
  }

  /** Whether the lease last confirmed still runs, by this recorder's monotonic clock. */
  boolean leaseHeld() {
    return !leaseLost && System.nanoTime() - leaseConfirmedNanos < s.lease().ttl().toNanos();
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
      s.spool().remember(job, dir);
      file = dir.resolve(StorageLayout.mediaFileName(job.audioOnly(), segment));
    } catch (IOException e) {
      fail(new RecordingException(ErrorCode.CAPTURE_FAILED, "work directory: " + e.getMessage()));
      return;
    }
    try {
      String token = prepareStart();
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
      parts = s.liveUploads().start(job, segment, file);
      Instant now = Instant.now();
      Instant firstFrame = capture.firstFrameAt() != null ? capture.firstFrameAt() : now;
      Duration startLatency = Duration.between(claimedAt, firstFrame);
      s.metrics().startLatency(startLatency);
      segmentStartedAt = now;
      if (takeover != null) {
        if (!segmentStarted(now)) {
          standDown(
              "the recording was ended by someone else before the takeover joined", file, now);
          return;
        }
        startedAt = takeover.recordingStartedAt() == null ? now : takeover.recordingStartedAt();
        phase = "recording";
        LOG.info(
            "segment {} recording ({} ms after the takeover)", segment, startLatency.toMillis());
      } else {
        if (write(RecordingState.RECORDING, RecordingUpdate.started(now), null) == Write.LOST) {
          standDown("the recording was ended by someone else before it started", file, now);
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
      }

      StopReason reason = recordUntilStop(capture, Duration.between(startedAt, now));
      if (reason == null) {
        standDown("the recording was ended by someone else while recording", file, now);
        return;
      }
      if (reason == StopReason.STOP_REQUESTED) {
        publishProgressEvent(EventType.STOPPED, data("reason", reason.wire()));
      }
      phase = "finalizing";
      // Capture stops at the stop condition, whatever the store is doing: a job asked for 20 s
      // records 20 s even if finalizing then waits for Redis.
      CaptureResult result = capture.stop();
      capture.close();
      capture = null;
      s.metrics().recorded(result.durationSeconds());
      Write finalizing =
          writeOrCarryOn(
              RecordingState.FINALIZING,
              RecordingUpdate.NONE.withProgress(
                  new RecordingProgress(result.durationSeconds(), result.sizeBytes())));
      if (finalizing == Write.LOST) {
        keepStoodDown("the recording was ended by someone else while recording", result, now);
        return;
      }

      phase = "uploading";
      Instant endedAt = Instant.now();
      RecordingOutput output =
          withEarlierSegments(upload(result, now, endedAt, reason.wire()), result);
      // A taken-over recording's figures add up all its segments.
      double recorded =
          output.segments() == null
              ? result.durationSeconds()
              : output.segments().stream().mapToDouble(RecordingSegment::durationSeconds).sum();
      long size =
          output.segments() == null
              ? result.sizeBytes()
              : output.segments().stream()
                  .mapToLong(g -> g.media() == null ? 0 : g.media().sizeBytes())
                  .sum();
      RecordingProgress progress = new RecordingProgress(recorded, size);
      RecordingOutcomes.Completion completion =
          new RecordingOutcomes.Completion(
              startedAt, endedAt, reason.wire(), recorded, size, output);
      boolean won;
      try {
        won =
            s.outcomes()
                .completed(
                    job,
                    completion,
                    outbox ->
                        write(
                                RecordingState.COMPLETED,
                                RecordingUpdate.completed(endedAt, progress, output),
                                outbox)
                            == Write.DONE);
      } catch (RecordingException storeAway) {
        // The media is in the bucket; this is no failure of the recording. The lease lapses and
        // the reaper ends it in the store; the object and its metadata.json stay where they are.
        LOG.error(
            "recording uploaded to {} but its completion could not be stored: {}",
            output.uri(),
            storeAway.getMessage());
        return;
      }
      if (!won) {
        LOG.warn("recording uploaded to {} but was ended by someone else meanwhile", output.uri());
        return;
      }
      phase = "completed";
      logUsage(result.durationSeconds(), Duration.between(claimedAt, endedAt));
    } catch (RecordingException e) {
      fail(e);
    } catch (RuntimeException e) {
      // A defect: its text stays in the log, the customer gets the code and a safe message.
      LOG.error("recording failed on an unexpected error", e);
      fail(new RecordingException(ErrorCode.INTERNAL, "the recorder failed unexpectedly", e));
    } finally {
      CaptureSession c = capture;
      if (c != null) {
        c.close();
      }
      LiveParts p = parts;
      if (p != null) {
        p.close(); // what was shipped stays until the whole file is verified in the bucket
      }
    }
  }

  /**
   * The meeting URL check and the join token, retried within the start timeout: a resolver or
   * signing-function blip at start is not the meeting's fault.
   */
  private String prepareStart() {
    long deadline = System.nanoTime() + s.config().startTimeout().toNanos();
    long backoff = FIRST_BACKOFF_MS;
    while (true) {
      try {
        s.meetingUrls().check(job.meetingUrl());
        return s.joinTokens().joinToken(job);
      } catch (RecordingException e) {
        boolean transientCode =
            e.code() == ErrorCode.JOIN_TOKEN_FAILED || e.code() == ErrorCode.URL_REFUSED;
        if (!transientCode || System.nanoTime() + backoff * 1_000_000 >= deadline) {
          throw e;
        }
        LOG.warn("start step failed, retrying: {}", e.getMessage());
        sleepOrThrow(jitter(backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS * 2);
      }
    }
  }

  private RecordingOutput upload(
      CaptureResult result, Instant started, Instant endedAt, String stopReason) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("startedAt", started.toString());
    metadata.put("endedAt", endedAt.toString());
    metadata.put("stopReason", stopReason);
    metadata.put("streams", streams(result.streams()));
    if (takeover != null) {
      metadata.put("segment", segment);
    }
    RecordingOutput output =
        s.uploader()
            .upload(
                job, segment, result.file(), result.durationSeconds(), metadata, this::leaseHeld);
    s.spool().forget(result.file().getParent());
    LiveParts p = parts;
    if (p != null) {
      p.discard();
    }
    return output;
  }

  /**
   * Returns why the recording ends normally, or null when someone else ended it; {@code already} is
   * how long the recording ran before this segment (zero unless taken over).
   */
  private @Nullable StopReason recordUntilStop(CaptureSession c, Duration already) {
    Duration max = s.config().cap(job.maxDurationSeconds(), s.drain().gracePeriod()).minus(already);
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
          case NO_MEDIA -> {
            // Picture unchanged and silence: what was recorded is still the customer's.
            return StopReason.NO_MEDIA;
          }
          case CRASHED ->
              throw new RecordingException(ErrorCode.BROWSER_CRASHED, "the slot's browser died");
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
                    if (r.clientId() != null) {
                      clientId = r.clientId();
                    }
                    if (r.stopRequested()) {
                      requestStop(StopReason.STOP_REQUESTED);
                    }
                    if (r.state().isTerminal() || !owner.equals(r.owner())) {
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

  /**
   * Someone else ended the recording (or the recorder is shutting down): no event and no state of
   * ours, but the media recorded here still goes to the bucket, so nothing recorded is lost.
   */
  private void standDown(String why, Path file, @Nullable Instant started) {
    phase = "abandoned";
    CaptureSession c = capture;
    CaptureResult result = null;
    if (c != null) {
      try {
        result = c.stop();
      } catch (RuntimeException e) {
        LOG.warn("capture stop failed while standing down: {}", e.getMessage());
      }
    }
    if (result == null) {
      LOG.warn("recording stood down: {}; media kept at {}", why, file);
      return;
    }
    keepStoodDown(why, result, started);
  }

  /** Uploads what was recorded before standing down; no state or event of ours. */
  private void keepStoodDown(String why, CaptureResult result, @Nullable Instant started) {
    phase = "abandoned";
    LOG.warn("recording stood down: {}", why);
    if (Thread.currentThread().isInterrupted()) {
      LOG.warn("media kept at {} for the next start-up", result.file());
      return;
    }
    try {
      RecordingOutput kept =
          upload(result, started == null ? claimedAt : started, Instant.now(), "stood_down");
      LOG.warn("media recorded before standing down kept at {}", kept.uri());
    } catch (RecordingException e) {
      LOG.warn("media kept at {}: {}", result.file(), e.getMessage());
    }
  }

  private void fail(RecordingException e) {
    phase = "failed";
    CaptureSession c = capture;
    CaptureResult partial = null;
    if (c != null) {
      try {
        partial = c.stop();
      } catch (RuntimeException stopFailure) {
        LOG.warn("capture stop failed: {}", stopFailure.getMessage());
      }
    }
    Instant endedAt = Instant.now();
    if (takeover != null && partial == null) {
      failTakeover(e, endedAt);
      return;
    }
    RecordingError error = RecordingError.of(e.code(), e.getMessage());
    RecordingUpdate update = RecordingUpdate.failed(endedAt, error);
    Map<String, Object> kept = null;
    if (partial != null && partial.sizeBytes() > 0 && e.code() != ErrorCode.UPLOAD_FAILED) {
      try {
        RecordingOutput output =
            withEarlierSegments(
                upload(partial, startedAt == null ? claimedAt : startedAt, endedAt, "failed"),
                partial);
        update = update.withOutput(output);
        kept = RecordingOutcomes.outputData(output);
      } catch (RecordingException uploadFailure) {
        LOG.warn("partial media not uploaded: {}", uploadFailure.getMessage());
      }
    }
    if (kept == null && partial != null) {
      kept = Map.of("recorder", owner, "path", partial.file().toString());
    }
    endFailed(error, update, kept, e);
  }

  /** Ends the recording {@code failed} through the one owner of endings, once. */
  private void endFailed(
      RecordingError error,
      RecordingUpdate update,
      @Nullable Map<String, Object> kept,
      RecordingException cause) {
    try {
      s.outcomes()
          .failed(
              job,
              error,
              storedState,
              kept,
              cause,
              outbox -> write(RecordingState.FAILED, update, outbox) == Write.DONE);
    } catch (RecordingException storeDown) {
      LOG.error("failure not stored; the lease will lapse and the reaper will end it", storeDown);
    }
  }

  /**
   * For a taken-over recording, the output of all its segments (the earlier ones as the takeover
   * kept them, then this one's {@code mine}); otherwise {@code mine}.
   */
  private RecordingOutput withEarlierSegments(RecordingOutput mine, CaptureResult result) {
    if (takeover == null) {
      return mine;
    }
    Instant from = segmentStartedAt == null ? claimedAt : segmentStartedAt;
    return RecordingSegments.endingWith(
        takeover.kept(), new RecordingSegment(segment, from, result.durationSeconds(), mine));
  }

  /** Tells the store this takeover's segment is recording; false when it is no longer ours. */
  private boolean segmentStarted(Instant at) {
    long backoff = FIRST_BACKOFF_MS;
    while (true) {
      try {
        return s.store().segmentStarted(job.recordingId(), owner, segment, at);
      } catch (RecordingException e) {
        if (!leaseHeld()) {
          // Recording goes on: the segment's start is also in its media and its completion.
          LOG.warn("segment start not stored: {}", e.getMessage());
          return true;
        }
        sleepOrThrow(jitter(backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /**
   * A takeover that could not rejoin the meeting (it ended, or will not let us back in): the
   * recording ends as the lost recorder left it, {@code recorder_lost}, with the media of the
   * segments before this one.
   */
  private void failTakeover(RecordingException why, Instant endedAt) {
    RecordingError error =
        RecordingError.of(
            ErrorCode.RECORDER_LOST,
            "the recorder was lost and its takeover could not rejoin the meeting ("
                + why.code().wire()
                + ")");
    RecordingOutput kept = RecordingSegments.output(takeover.kept(), null);
    RecordingUpdate update = RecordingUpdate.failed(endedAt, error);
    if (kept != null) {
      update = update.withOutput(kept);
    }
    endFailed(error, update, kept == null ? null : RecordingOutcomes.outputData(kept), why);
  }

  private enum Write {
    DONE,
    LOST
  }

  /**
   * Stores {@code to}, retrying with backoff and jitter while this recorder holds the lease. A
   * write whose outcome is unknown (a timeout, a dropped connection) is simply repeated: the store
   * recognises an owner's repeated write as done. A store that lost the recording gets it back from
   * the job first.
   *
   * @return {@link Write#LOST} when the store refused it (someone else ended the recording)
   * @throws RecordingException {@code UNAVAILABLE} when the lease ran out before a write landed
   */
  private Write write(RecordingState to, RecordingUpdate update, @Nullable OutboxEntry outbox) {
    long backoff = FIRST_BACKOFF_MS;
    boolean reasserted = false;
    while (true) {
      RecordingException failure;
      try {
        TransitionResult result = s.store().move(job.recordingId(), to, owner, update, outbox);
        switch (result) {
          case OK -> {
            storedState = to;
            leaseRenewed();
            return Write.DONE;
          }
          case MISSING -> {
            if (!reasserted) {
              reasserted = reassert();
              continue;
            }
            failure = new RecordingException(ErrorCode.UNAVAILABLE, "recording missing again");
          }
          default -> {
            return Write.LOST;
          }
        }
      } catch (RecordingException e) {
        failure = e;
      }
      if (!leaseHeld()) {
        throw new RecordingException(
            ErrorCode.UNAVAILABLE,
            "state "
                + to.wireName()
                + " not stored while the lease lasted: "
                + failure.getMessage(),
            failure);
      }
      LOG.warn("state {} not stored yet, retrying: {}", to.wireName(), failure.getMessage());
      sleepOrThrow(jitter(backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /**
   * {@link #write} for a step the recording can go on without (finalizing): a store that stays away
   * past the lease does not stop the upload.
   */
  private @Nullable Write writeOrCarryOn(RecordingState to, RecordingUpdate update) {
    try {
      return write(to, update, null);
    } catch (RecordingException e) {
      LOG.warn("carrying on without storing {}: {}", to.wireName(), e.getMessage());
      return null;
    }
  }

  /** Writes the recording back from the job after the store lost it; true if this did it. */
  public boolean reassert() {
    boolean done =
        s.store().reassert(job, owner, storedState, startedAt, clientId, s.lease().ttl());
    if (done) {
      leaseRenewed();
      LOG.warn(
          "recording re-asserted from its job as {}: the store had lost it",
          storedState.wireName());
    }
    return done;
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

  private static long jitter(long ms) {
    // Full jitter on the upper half: recorders that lost Redis together do not return together.
    return ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
  }

  private static void sleepOrThrow(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.UNAVAILABLE, "interrupted while retrying");
    }
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
