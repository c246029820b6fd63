package io.meetrec.shared.recording;

import io.micronaut.serde.annotation.Serdeable;

/** How much has been recorded so far. */
@Serdeable
public record RecordingProgress(double recordedSeconds, long bytes) {

  public static final RecordingProgress NONE = new RecordingProgress(0, 0);
}
