package io.meetrec.shared.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a recording: {@code queued → starting → recording → finalizing → completed}, or
 * {@code failed} from any live state, or {@code expired} when it never started before its deadline,
 * or {@code cancelled} when it was asked to stop before any recorder took it. A stop request or the
 * meeting's end still leads to {@code completed}.
 */
@Serdeable
public enum RecordingState {
  QUEUED,
  STARTING,
  RECORDING,
  FINALIZING,
  COMPLETED,
  FAILED,
  EXPIRED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
  }

  /** Whether a recording in this state may move to {@code next}. Terminal states never move. */
  public boolean canMoveTo(RecordingState next) {
    return successors().contains(next);
  }

  public Set<RecordingState> successors() {
    return switch (this) {
      case QUEUED -> EnumSet.of(STARTING, FAILED, EXPIRED, CANCELLED);
      case STARTING -> EnumSet.of(RECORDING, FAILED);
      case RECORDING -> EnumSet.of(FINALIZING, FAILED);
      case FINALIZING -> EnumSet.of(COMPLETED, FAILED);
      case COMPLETED, FAILED, EXPIRED, CANCELLED -> EnumSet.noneOf(RecordingState.class);
    };
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RecordingState fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
