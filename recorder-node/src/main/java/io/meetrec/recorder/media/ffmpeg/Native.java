package io.meetrec.recorder.media.ffmpeg;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native resources owned by one piece of work, released in reverse order of acquisition. Every
 * allocation registers its release right after it succeeds, so an exception at any step frees what
 * was taken before it.
 */
public final class Native implements AutoCloseable {

  /** Registered releases not yet run, over every scope of this process. */
  private static final AtomicLong OUTSTANDING = new AtomicLong();

  private final Deque<Runnable> releases = new ArrayDeque<>();

  public void onClose(Runnable release) {
    releases.push(release);
    OUTSTANDING.incrementAndGet();
  }

  /**
   * Native resources taken and not yet released in this process. Zero whenever no recording, probe
   * or remux is running, so a leak on some path shows up as a number that stays above zero.
   */
  public static long outstanding() {
    return OUTSTANDING.get();
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!releases.isEmpty()) {
      Runnable release = releases.pop();
      OUTSTANDING.decrementAndGet();
      try {
        release.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
