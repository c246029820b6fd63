package io.meetrec.shared.recording;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The stored media of a completed recording.
 *
 * @param uri {@code gs://bucket/yyyy/mm/dd/id/recording.mp4}, or {@code file:///...} locally: with
 *     several segments, the first one that kept media
 * @param segments every segment in order, when the recording was taken over (otherwise null: the
 *     one segment is this output)
 * @param lostSeconds the meeting seconds between segments that no recorder captured; null with one
 *     segment
 */
@Serdeable
public record RecordingOutput(
    String uri,
    long sizeBytes,
    double durationSeconds,
    @Nullable String md5Base64,
    @Nullable String crc32c,
    String contentType,
    @Nullable List<RecordingSegment> segments,
    @Nullable Double lostSeconds) {

  @Creator
  public RecordingOutput {}

  public RecordingOutput(
      String uri,
      long sizeBytes,
      double durationSeconds,
      @Nullable String md5Base64,
      @Nullable String crc32c,
      String contentType) {
    this(uri, sizeBytes, durationSeconds, md5Base64, crc32c, contentType, null, null);
  }

  /** This output with the recording's segments and the seconds lost between them. */
  public RecordingOutput withSegments(List<RecordingSegment> all, double lost) {
    return new RecordingOutput(
        uri, sizeBytes, durationSeconds, md5Base64, crc32c, contentType, List.copyOf(all), lost);
  }
}
