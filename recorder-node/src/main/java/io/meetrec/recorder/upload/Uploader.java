package io.meetrec.recorder.upload;

import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.StorageLayout;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a finished recording and its {@code metadata.json} into the {@link UploadTarget}, retrying
 * with exponential backoff and jitter for as long as the caller still holds the recording (its
 * lease) and the retry budget lasts, so an outage of minutes is waited out, and deletes the local
 * file only once the stored object's checksums match it. Before each attempt it looks for an object
 * an earlier attempt may have stored without hearing back, so nothing is uploaded twice. When the
 * budget runs out the file stays where it is and the caller fails the recording with {@code
 * upload_failed}.
 */
@Singleton
public class Uploader {

  private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);

  private final UploadTarget target;
  private final UploadConfiguration config;
  private final RecorderMetrics metrics;
  private final JsonMapper json;

  public Uploader(
      UploadTarget target, UploadConfiguration config, RecorderMetrics metrics, JsonMapper json) {
    this.target = target;
    this.config = config;
    this.metrics = metrics;
    this.json = json;
  }

  /**
   * Uploads {@code file} for {@code job}; {@code metadata} is written beside it with the output
   * description added.
   */
  public RecordingOutput upload(
      RecordingJob job, Path file, double durationSeconds, Map<String, Object> metadata) {
    return upload(job, file, durationSeconds, metadata, () -> true);
  }

  /**
   * {@link #upload(RecordingJob, Path, double, Map)} that stops retrying once {@code keepTrying}
   * says no (the recording's lease is gone) or the retry budget is spent.
   */
  public RecordingOutput upload(
      RecordingJob job,
      Path file,
      double durationSeconds,
      Map<String, Object> metadata,
      BooleanSupplier keepTrying) {
    return upload(job, 1, file, durationSeconds, metadata, keepTrying);
  }

  /**
   * Uploads segment {@code segment} of {@code job}'s recording (1 unless it was taken over) under
   * that segment's media name; {@code metadata.json} describes the recording as of this segment.
   */
  public RecordingOutput upload(
      RecordingJob job,
      int segment,
      Path file,
      double durationSeconds,
      Map<String, Object> metadata,
      BooleanSupplier keepTrying) {
    long deadline = System.nanoTime() + config.retryBudget().toNanos();
    String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
    String key = prefix + StorageLayout.mediaFileName(job.audioOnly(), segment);
    String contentType = StorageLayout.contentType(job.audioOnly());
    Checksums local;
    try {
      local = Checksums.of(file);
    } catch (IOException e) {
      throw new RecordingException(
          ErrorCode.UPLOAD_FAILED, "the recorded file cannot be read: " + e.getMessage(), e);
    }
    StoredObject media =
        withRetries(
            job.recordingId(),
            key,
            local.size(),
            deadline,
            keepTrying,
            () -> {
              Optional<StoredObject> landed = target.find(key);
              if (landed.isPresent() && landed.get().matches(local)) {
                LOG.info("upload.already_stored {}", key);
                return landed.get();
              }
              StoredObject stored = target.put(key, file, contentType);
              if (!stored.matches(local)) {
                throw new IOException("stored object " + key + " does not match the local file");
              }
              return stored;
            });
    metrics.uploaded(local.size());
    RecordingOutput output =
        new RecordingOutput(
            media.uri(),
            local.size(),
            durationSeconds,
            local.md5Base64(),
            local.crc32cBase64(),
            contentType);
    Map<String, Object> doc = new LinkedHashMap<>(metadata);
    doc.put("recordingId", job.recordingId());
    doc.put("conferenceId", job.conferenceId());
    doc.put("requestedAt", job.requestedAt().toString());
    doc.put("metadata", job.metadata());
    doc.put("output", output);
    byte[] metadataJson;
    try {
      metadataJson = json.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.INTERNAL, "metadata.json could not be written", e);
    }
    Checksums metaSums = Checksums.of(metadataJson);
    String metaKey = prefix + StorageLayout.METADATA_FILE;
    withRetries(
        job.recordingId(),
        metaKey,
        metadataJson.length,
        deadline,
        keepTrying,
        () -> {
          StoredObject stored = target.put(metaKey, metadataJson, "application/json");
          if (!stored.matches(metaSums)) {
            throw new IOException("stored " + metaKey + " does not match");
          }
          return stored;
        });
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("upload.local_delete_failed {}: {}", file, e.getMessage());
    }
    LOG.info("upload.completed {} ({} bytes)", media.uri(), local.size());
    return output;
  }

  private interface Attempt {
    StoredObject run() throws IOException;
  }

  private StoredObject withRetries(
      String recordingId,
      String key,
      long bytes,
      long deadlineNanos,
      BooleanSupplier keepTrying,
      Attempt attempt) {
    Duration backoff = config.initialBackoff();
    IOException last;
    for (int i = 1; ; i++) {
      long started = System.nanoTime();
      try {
        StoredObject stored = attempt.run();
        log(recordingId, i, bytes, started, "stored", null)
            .info(LOG, "upload.attempt {} stored", key);
        return stored;
      } catch (IOException | RuntimeException e) {
        last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        metrics.uploadFailed();
        Duration wait = jitter(backoff);
        boolean more =
            System.nanoTime() + wait.toNanos() < deadlineNanos && keepTrying.getAsBoolean();
        log(recordingId, i, bytes, started, more ? "retry" : "failed", ErrorCode.UPLOAD_FAILED)
            .warn(LOG, "upload.attempt {} failed (attempt {}): {}", key, i, e.getMessage());
        if (!more) {
          throw new RecordingException(
              ErrorCode.UPLOAD_FAILED,
              "upload of " + key + " failed after " + i + " attempts: " + last.getMessage(),
              last);
        }
        sleep(wait);
        backoff = min(backoff.multipliedBy(2), config.maxBackoff());
      }
    }
  }

  /** Between half and all of {@code d}: recorders that lost the bucket together spread out. */
  private static Duration jitter(Duration d) {
    long ms = Math.max(1, d.toMillis());
    return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
  }

  private static StructuredLog log(
      String recordingId,
      int attempt,
      long bytes,
      long startedNanos,
      String outcome,
      ErrorCode code) {
    return StructuredLog.event(LogEvent.UPLOAD_ATTEMPT)
        .with(LogField.RECORDING_ID, recordingId)
        .with(LogField.ATTEMPT, attempt)
        .with(LogField.BYTES, bytes)
        .with(LogField.LATENCY_MS, (System.nanoTime() - startedNanos) / 1_000_000)
        .with(LogField.OUTCOME, outcome)
        .with(LogField.ERROR_CODE, code == null ? null : code.wire());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.UPLOAD_FAILED, "upload interrupted");
    }
  }
}
