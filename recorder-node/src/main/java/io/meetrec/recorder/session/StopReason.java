package io.meetrec.recorder.session;

import java.util.Locale;

/** Why a recording ended normally; the {@code stopReason} of the completed event. */
public enum StopReason {
  STOP_REQUESTED,
  MAX_DURATION,
  MEETING_ENDED,
  ALONE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
