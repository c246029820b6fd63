package io.meetrec.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the recorder running the way the kubelet keeps a pod's container running: when the process
 * dies (crash, OOM, SIGKILL) it says so, ends whatever the dead process left behind (as a
 * container's cgroup is torn down: its Xvfb, PulseAudio and Chromium), keeps the old log as {@code
 * recorder.previous-<n>.log} ({@code kubectl logs --previous}) and starts it again with a
 * crash-loop backoff (1 s doubling to 30 s, reset after 10 healthy minutes). So {@code bin/demo up}
 * shows a killed recorder's recordings as a user would see them in a cluster.
 */
final class RecorderSupervisor implements AutoCloseable {

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration HEALTHY = Duration.ofMinutes(10);

  private final Supplier<StackProcess> starter;
  private final int port;
  private final Path logs;
  private volatile StackProcess current;
  private volatile List<ProcessHandle> children = List.of();
  private volatile boolean closing;
  private volatile int restarts;
  private final Thread watcher;

  private RecorderSupervisor(Supplier<StackProcess> starter, int port, Path logs) {
    this.starter = starter;
    this.port = port;
    this.logs = logs;
    this.current = starter.get();
    this.watcher = Thread.ofPlatform().daemon().name("recorder-supervisor").unstarted(this::watch);
  }

  /** Starts the recorder, waits for its port, then supervises it. */
  static RecorderSupervisor start(Supplier<StackProcess> starter, int port, Path logs) {
    RecorderSupervisor s = new RecorderSupervisor(starter, port, logs);
    s.current.awaitPort(port, Duration.ofSeconds(120));
    s.watcher.start();
    return s;
  }

  /** True while a recorder runs or is being restarted. */
  boolean isAlive() {
    return !closing;
  }

  int restarts() {
    return restarts;
  }

  long pid() {
    return current.pid();
  }

  private void watch() {
    Duration backoff = FIRST_BACKOFF;
    long upSince = System.nanoTime();
    while (!closing) {
      StackProcess p = current;
      if (p.isAlive()) {
        children = p.descendants();
        if (System.nanoTime() - upSince > HEALTHY.toNanos()) {
          backoff = FIRST_BACKOFF;
        }
        sleep(500);
        continue;
      }
      if (closing) {
        return;
      }
      int code = p.exitCode();
      LocalStack.say(
          "the recorder (pid "
              + p.pid()
              + ") died: "
              + (code > 128 ? "killed by signal " + (code - 128) : "exit code " + code)
              + "; restarting it as Kubernetes would, in "
              + backoff.toSeconds()
              + " s (restart "
              + (restarts + 1)
              + ")");
      long leftovers = children.stream().filter(ProcessHandle::isAlive).count();
      children.forEach(ProcessHandle::destroyForcibly);
      if (leftovers > 0) {
        LocalStack.say("ended " + leftovers + " process(es) the dead recorder left behind");
      }
      keepPreviousLog(p.log());
      sleep(backoff.toMillis());
      if (closing) {
        return;
      }
      try {
        current = starter.get();
        restarts++;
        current.awaitPort(port, Duration.ofSeconds(120));
        LocalStack.say(
            "the recorder is back (pid " + current.pid() + ", restart " + restarts + ")");
        upSince = System.nanoTime();
      } catch (RuntimeException e) {
        LocalStack.say("the recorder did not come back: " + e.getMessage());
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private void keepPreviousLog(Path log) {
    try {
      if (Files.exists(log)) {
        Files.move(
            log,
            logs.resolve("recorder.previous-" + (restarts + 1) + ".log"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LocalStack.say("previous recorder log not kept: " + e.getMessage());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing = true;
    watcher.interrupt();
    current.close();
  }

  @Override
  public String toString() {
    return "recorder";
  }
}
