package io.meetrec.recorder.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this recorder and everything it started (Chromium, Xvfb, PulseAudio),
 * read from {@code /proc}: what a recorded hour really costs, not just the JVM's share.
 */
public final class ProcessTreeCpu {

  /** Linux reports process times in USER_HZ ticks, 100 per second on every supported platform. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessTreeCpu() {}

  /** CPU-seconds of this process and its live descendants; 0 where {@code /proc} is unavailable. */
  public static double seconds() {
    ProcessHandle self = ProcessHandle.current();
    return Stream.concat(Stream.of(self), self.descendants())
        .mapToDouble(p -> ticks(p.pid()) / TICKS_PER_SECOND)
        .sum();
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the name.
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException gone) {
      // A process that exited between listing and reading has nothing more to count.
      return 0;
    }
  }
}
