package io.meetrec.recorder.media;

/** Why a recording might stop on its own. See docs/page-protocol.md. */
public enum PageSignal {
  /** The page said the meeting is over. */
  MEETING_ENDED,
  /** Participants (other than the recorder) stayed at zero for a while. */
  ALONE,
  /** The browser, display or sound server of the slot died. */
  CRASHED,
  /** Neither picture nor sound arrived for a while. */
  NO_MEDIA
}
