package io.meetrec.recorder.media.ffmpeg;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Native resources owned by one piece of work, released in reverse order of acquisition. Every
 * allocation registers its release right after it succeeds, so an exception at any step frees what
 * was taken before it.
 */
public final class Native implements AutoCloseable {

  private final Deque<Runnable> releases = new ArrayDeque<>();

  public void onClose(Runnable release) {
    releases.push(release);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!releases.isEmpty()) {
      try {
        releases.pop().run();
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
