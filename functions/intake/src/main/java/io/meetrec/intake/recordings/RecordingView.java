package io.meetrec.intake.recordings;

import io.meetrec.intake.download.DownloadLink;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.store.RecordingRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** A recording as a client sees it: no owner, lease or webhook internals. */
@Serdeable
public record RecordingView(
    String id,
    String status,
    @Nullable String conferenceId,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Instant expiresAt,
    boolean stopRequested,
    RecordingProgress progress,
    @Nullable Output output,
    @Nullable RecordingError error,
    Map<String, String> metadata) {

  /** The stored media and, when the recording is complete, where to download it. */
  @Serdeable
  public record Output(
      String uri,
      long sizeBytes,
      double durationSeconds,
      @Nullable String md5Base64,
      @Nullable String crc32c,
      String contentType,
      @Nullable String downloadUrl,
      @Nullable Instant downloadExpiresAt) {}

  static RecordingView of(RecordingRecord r, @Nullable DownloadLink link) {
    Output output = null;
    if (r.output() != null) {
      var o = r.output();
      output =
          new Output(
              o.uri(),
              o.sizeBytes(),
              o.durationSeconds(),
              o.md5Base64(),
              o.crc32c(),
              o.contentType(),
              link == null ? null : link.url(),
              link == null ? null : link.expiresAt());
    }
    return new RecordingView(
        r.id(),
        r.state().wireName(),
        r.conferenceId(),
        r.createdAt(),
        r.updatedAt(),
        r.startedAt(),
        r.endedAt(),
        r.job() == null ? null : r.job().expiresAt(),
        r.stopRequested(),
        r.progress(),
        output,
        r.error(),
        r.job() == null ? Map.of() : r.job().metadata());
  }
}
