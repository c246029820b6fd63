package io.meetrec.recorder.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what a previous recorder left of a slot before the slot starts again: programs whose command
 * line names the slot's own directory (Chromium's profile, PulseAudio's socket, the DevTools bridge
 * and the guards), and the Xvfb that holds the slot's display lock. Only programs that can be
 * recognised as this slot's are touched; nothing is ended by name.
 */
final class StalePrograms {

  private static final Logger LOG = LoggerFactory.getLogger(StalePrograms.class);

  private StalePrograms() {}

  /** Ends the slot's stale programs and waits (briefly) until they are gone. */
  static List<Long> end(Path slotDir, int display) {
    List<Long> ended = new ArrayList<>();
    String marker = slotDir.toAbsolutePath().toString() + "/";
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid != self && commandLine(pid).filter(c -> c.contains(marker)).isPresent()) {
                  ended.add(pid);
                }
              });
    } catch (IOException e) {
      LOG.warn("cannot list processes: {}", e.getMessage());
    }
    xvfbHolding(display).ifPresent(ended::add);
    for (long pid : ended) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (long pid : ended) {
      ProcessHandle.of(pid)
          .ifPresent(
              handle -> {
                try {
                  handle.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  LOG.warn("stale slot program {} did not exit", pid);
                }
              });
    }
    if (!ended.isEmpty()) {
      LOG.warn(
          "ended {} stale program(s) of {} left by an earlier recorder", ended.size(), slotDir);
    }
    return ended;
  }

  /** The Xvfb whose pid the display's lock file names, if it is still running. */
  static Optional<Long> xvfbHolding(int display) {
    Path lock = Path.of("/tmp/.X" + display + "-lock");
    try {
      long pid = Long.parseLong(Files.readString(lock).trim());
      return commandLine(pid)
          .filter(c -> c.contains("Xvfb") && c.contains(":" + display + " "))
          .map(c -> pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ') + " ");
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
