package io.meetrec.recorder.media;

import java.time.Instant;
import java.util.Optional;

/** One recording in progress in one slot. */
public interface CaptureSession extends AutoCloseable {

  /** Recorded seconds (media clock), bytes written, frames encoded. */
  CaptureProgress progress();

  /** The latest signal from the page or the slot, if any. */
  Optional<PageSignal> pageSignal();

  Instant firstFrameAt();

  /** Stops the page (CDP), flushes the encoders and finalizes the file. Idempotent. */
  CaptureResult stop();

  /** Releases the slot (navigates back to about:blank). Always safe, also without {@link #stop}. */
  @Override
  void close();
}
