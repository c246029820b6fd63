package io.meetrec.recorder.media;

/**
 * The recorder's capture capability: slots of (Xvfb display, PulseAudio sink, warm Chromium), each
 * able to record one meeting at a time into a file.
 */
public interface MeetingCapture {

  /** Slots configured. */
  int capacity();

  /** Healthy free slots. */
  int available();

  /**
   * Navigates a free slot's browser to the meeting, waits for the page's ready signal and starts
   * capture.
   *
   * @throws io.meetrec.shared.error.RecordingException with NO_FREE_SLOT, START_SIGNAL_TIMEOUT,
   *     MEETING_UNREACHABLE, BROWSER_CRASHED or CAPTURE_FAILED
   */
  CaptureSession start(CaptureRequest request);
}
