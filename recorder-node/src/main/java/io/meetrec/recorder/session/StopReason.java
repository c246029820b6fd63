package io.meetrec.recorder.session;

import java.util.Locale;

/** Why a recording ended normally; the {@code stopReason} of the completed event. */
public enum StopReason {
  STOP_REQUESTED,
  MAX_DURATION,
  MEETING_ENDED,
  ALONE,
  /** Picture unchanged and silence for a while: the meeting left nothing to record. */
  NO_MEDIA;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
