package io.meetrec.recorder.upload;

import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.StorageLayout;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media that reaches the bucket while it is recorded ({@link LiveParts}), and what a lost
 * recorder's parts add up to: composed in order into the recording's media object, a playable
 * fragmented MP4 of everything shipped.
 */
@Singleton
public class LiveUploads {

  private static final Logger LOG = LoggerFactory.getLogger(LiveUploads.class);

  private final UploadTarget target;
  private final UploadConfiguration config;

  public LiveUploads(UploadTarget target, UploadConfiguration config) {
    this.target = target;
    this.config = config;
  }

  /**
   * Starts shipping the parts of {@code file}, segment {@code segment}; null when parts are off.
   */
  public @Nullable LiveParts start(RecordingJob job, int segment, Path file) {
    if (config.partsEvery().isZero() || config.partsEvery().isNegative()) {
      return null;
    }
    return new LiveParts(
            target,
            job.recordingId(),
            StorageLayout.prefix(job.recordingId(), job.requestedAt())
                + StorageLayout.partsFolder(segment),
            file,
            config.partsEvery(),
            StorageLayout.contentType(job.audioOnly()))
        .begin();
  }

  /** The media a recording's shipped parts hold, and how many parts formed it. */
  public record KeptMedia(RecordingOutput output, int parts) {}

  /**
   * Composes the unbroken run of the parts of {@code job}'s segment {@code segment} into that
   * segment's media object (unless one is there already) and removes the parts; empty when no part
   * was shipped or the bucket failed.
   */
  public Optional<KeptMedia> compose(RecordingJob job, int segment) {
    String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
    String key = prefix + StorageLayout.mediaFileName(job.audioOnly(), segment);
    String contentType = StorageLayout.contentType(job.audioOnly());
    try {
      List<String> all = target.list(prefix + StorageLayout.partsFolder(segment));
      List<LiveParts.Part> run = LiveParts.run(all);
      if (run.isEmpty()) {
        return Optional.empty();
      }
      Optional<StoredObject> composed =
          target.composeIfAbsent(run.stream().map(LiveParts.Part::key).toList(), key, contentType);
      StoredObject media = composed.isPresent() ? composed.get() : target.find(key).orElseThrow();
      double seconds = run.getLast().mediaSeconds();
      for (String part : all) {
        target.delete(part);
      }
      return Optional.of(
          new KeptMedia(
              new RecordingOutput(
                  media.uri(),
                  media.checksums().size(),
                  seconds,
                  media.checksums().md5Base64(),
                  media.checksums().crc32cBase64(),
                  contentType),
              run.size()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("parts of {} not composed: {}", job.recordingId(), e.getMessage());
      return Optional.empty();
    }
  }
}
