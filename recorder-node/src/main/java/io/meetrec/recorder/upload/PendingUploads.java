package io.meetrec.recorder.upload;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.job.JobConfiguration;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingSegments;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work directory as a spool: each session keeps its job beside its media ({@code
 * <work-dir>/<id>/job.json}) until the upload is verified, and at start-up this recorder uploads
 * whatever an earlier run left there (killed mid-recording, or out of upload budget), so media
 * survives a restart of the recorder on the same volume. A recording this recorder still owns in
 * the store is ended {@code failed} with {@code recorder_lost} pointing at the uploaded media; one
 * that already ended gets the media's location added.
 */
@Singleton
public class PendingUploads implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(PendingUploads.class);
  static final String JOB_FILE = "job.json";

  private final RecorderConfiguration recorder;
  private final Uploader uploader;
  private final RecordingStore store;
  private final RecordingOutcomes outcomes;
  private final JsonMapper json;
  private final JobConfiguration jobs;

  public PendingUploads(
      JobConfiguration jobs,
      RecorderConfiguration recorder,
      Uploader uploader,
      RecordingStore store,
      RecordingOutcomes outcomes,
      JsonMapper json) {
    this.recorder = recorder;
    this.uploader = uploader;
    this.store = store;
    this.outcomes = outcomes;
    this.json = json;
    this.jobs = jobs;
  }

  /** Keeps {@code job} in its spool directory, so a later start can upload its media. */
  public void remember(RecordingJob job, Path dir) {
    try {
      Files.write(dir.resolve(JOB_FILE), json.writeValueAsBytes(job));
    } catch (IOException e) {
      LOG.warn("job not kept beside its media: {}", e.getMessage());
    }
  }

  /** The media is verified in the bucket: the spool directory goes. */
  public void forget(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(JOB_FILE));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("spool directory {} not removed: {}", dir, e.getMessage());
    }
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    if (!jobs.enabled()) {
      return; // a reaper-only node records nothing, so it has nothing spooled
    }
    Thread.ofPlatform().daemon().name("pending-uploads").start(this::sweep);
  }

  /** Uploads every recording an earlier run left in the spool; returns the ids it uploaded. */
  public List<String> sweep() {
    List<String> done = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> list = Files.list(recorder.workPath())) {
      dirs =
          list.filter(d -> Files.isRegularFile(d.resolve(JOB_FILE)))
              .filter(this::leftByAnEarlierRun)
              .toList();
    } catch (IOException e) {
      return done;
    }
    for (Path dir : dirs) {
      try {
        RecordingJob job =
            json.readValue(Files.readAllBytes(dir.resolve(JOB_FILE)), RecordingJob.class);
        try (LogContext ignored = LogContext.recording(job.recordingId(), job.conferenceId())) {
          if (recover(job, dir)) {
            done.add(job.recordingId());
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("pending upload in {} not recovered: {}", dir, e.getMessage());
      }
    }
    return done;
  }

  /** Spooled before this process started: sessions of this run are never swept. */
  private boolean leftByAnEarlierRun(Path dir) {
    try {
      long startedMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      return Files.getLastModifiedTime(dir.resolve(JOB_FILE)).toMillis() < startedMs;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean recover(RecordingJob job, Path dir) {
    RecordingRecord record = store.find(job.recordingId()).orElse(null);
    // A recording this recorder had taken over was recording its own segment's file.
    int segment = record == null ? 1 : record.segment();
    Path media = dir.resolve(StorageLayout.mediaFileName(job.audioOnly(), segment));
    if (!Files.isRegularFile(media)) {
      forget(dir);
      return false;
    }
    String owner = recorder.owner();
    if (record != null && !record.state().isTerminal() && !owner.equals(record.owner())) {
      LOG.info("{} is another recorder's now; its media stays in {}", job.recordingId(), dir);
      return false;
    }
    double seconds = record == null ? 0 : record.progress().recordedSeconds();
    RecordingOutput mine =
        uploader.upload(
            job,
            segment,
            media,
            seconds,
            Map.of("recoveredAt", Instant.now().toString(), "partial", true),
            () -> true);
    RecordingOutput output = mine;
    if (segment > 1) {
      Instant from = record.segmentStartedAt() == null ? Instant.now() : record.segmentStartedAt();
      output =
          RecordingSegments.endingWith(
              record.keptSegments(),
              new RecordingSegment(segment, from, mine.durationSeconds(), mine));
    }
    LOG.warn("pending upload of {} recovered at {}", job.recordingId(), output.uri());
    if (record != null && !record.state().isTerminal()) {
      RecordingError error =
          RecordingError.of(
              ErrorCode.RECORDER_LOST,
              "the recorder restarted mid-recording; what it recorded was uploaded");
      RecordingUpdate update = RecordingUpdate.failed(Instant.now(), error).withOutput(output);
      outcomes.failed(
          job,
          error,
          record.state(),
          RecordingOutcomes.outputData(output),
          null,
          outbox ->
              store.transition(job.recordingId(), RecordingState.FAILED, owner, update, outbox));
    } else if (record != null) {
      try {
        store.keepOutput(job.recordingId(), output);
      } catch (RecordingException e) {
        LOG.warn("output of {} not recorded: {}", job.recordingId(), e.getMessage());
      }
    }
    forget(dir);
    return true;
  }
}
