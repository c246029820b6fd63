package io.meetrec.shared.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Where a recording's objects live: {@code <yyyy>/<mm>/<dd>/<recordingId>/} under the bucket or the
 * local directory, dated by when the recording was requested (UTC).
 */
public final class StorageLayout {

  public static final String METADATA_FILE = "metadata.json";

  private StorageLayout() {}

  public static String prefix(String recordingId, Instant requestedAt) {
    ZonedDateTime t = requestedAt.atZone(ZoneOffset.UTC);
    return "%04d/%02d/%02d/%s/"
        .formatted(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), recordingId);
  }

  public static String mediaFileName(boolean audioOnly) {
    return audioOnly ? "recording.m4a" : "recording.mp4";
  }

  /**
   * The media object of one segment: the first is {@link #mediaFileName(boolean)}, a takeover's
   * {@code recording-<n>.mp4} (or {@code .m4a}) beside it.
   */
  public static String mediaFileName(boolean audioOnly, int segment) {
    return segment <= 1
        ? mediaFileName(audioOnly)
        : (audioOnly ? "recording-" + segment + ".m4a" : "recording-" + segment + ".mp4");
  }

  /** Where a segment's live parts go while it records: {@code parts/}, then {@code parts-<n>/}. */
  public static String partsFolder(int segment) {
    return segment <= 1 ? "parts/" : "parts-" + segment + "/";
  }

  public static String contentType(boolean audioOnly) {
    return audioOnly ? "audio/mp4" : "video/mp4";
  }
}
