package io.meetrec.recorder.media.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the kernel says about a process: CPU time and memory from /proc. */
final class Proc {

  /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux we run on. */
  static final double TICKS_PER_SECOND = 100;

  private Proc() {}

  /** utime + stime in ticks, or -1 when the process is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name may contain spaces: fields are counted after its closing parenthesis
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A {@code Vm*} line of /proc/PID/status in KiB (VmRSS now, VmHWM peak), 0 when gone. */
  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** The process and, when asked, everything it started (a browser's renderers and helpers). */
  static List<Long> tree(long pid, boolean withDescendants) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    if (withDescendants) {
      ProcessHandle.of(pid)
          .ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
    }
    return pids;
  }

  static String machine() {
    String model = "?";
    try {
      model =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
    } catch (IOException e) {
      // keep "?"
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + model;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
