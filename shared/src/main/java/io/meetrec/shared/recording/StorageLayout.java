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

  public static String contentType(boolean audioOnly) {
    return audioOnly ? "audio/mp4" : "video/mp4";
  }
}
