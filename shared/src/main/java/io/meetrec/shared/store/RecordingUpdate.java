package io.meetrec.shared.store;

import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** The fields a state transition writes along with the new state; nulls leave a field as it is. */
public record RecordingUpdate(
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable RecordingProgress progress,
    @Nullable RecordingOutput output,
    @Nullable RecordingError error) {

  public static final RecordingUpdate NONE = new RecordingUpdate(null, null, null, null, null);

  public static RecordingUpdate started(Instant at) {
    return new RecordingUpdate(at, null, null, null, null);
  }

  public static RecordingUpdate completed(
      Instant at, RecordingProgress progress, RecordingOutput output) {
    return new RecordingUpdate(null, at, progress, output, null);
  }

  public static RecordingUpdate failed(Instant at, RecordingError error) {
    return new RecordingUpdate(null, at, null, null, error);
  }

  public RecordingUpdate withProgress(RecordingProgress p) {
    return new RecordingUpdate(startedAt, endedAt, p, output, error);
  }

  public RecordingUpdate withOutput(RecordingOutput o) {
    return new RecordingUpdate(startedAt, endedAt, progress, o, error);
  }
}
