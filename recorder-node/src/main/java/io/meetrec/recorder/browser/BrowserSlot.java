package io.meetrec.recorder.browser;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording slot: an Xvfb display, its own PulseAudio daemon with a null sink, and a Chromium
 * kept warm at about:blank, driven over DevTools on 127.0.0.1 only.
 *
 * <p>One PulseAudio daemon per slot rather than one sink per slot in a shared daemon: Chromium then
 * plays into the only sink it can see (no per-stream routing to get wrong), and a daemon that dies
 * takes one slot down, not all of them.
 */
public final class BrowserSlot implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserSlot.class);
  private static final Duration PROCESS_START = Duration.ofSeconds(20);
  public static final String SINK = "recsink";

  /** Where the slot's programs are and how big its screen is. */
  public record Settings(
      int index,
      int display,
      int debugPort,
      int width,
      int height,
      Path workDir,
      String xvfb,
      String pulseaudio,
      String chromium) {}

  private final Settings settings;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private Process xvfb;
  private Process pulse;
  private Process chromium;
  private DevTools devTools;

  private BrowserSlot(Settings settings) {
    this.settings = settings;
  }

  /** Starts the display, the sound server and the browser; cleans up if any of them fails. */
  public static BrowserSlot start(Settings settings) {
    BrowserSlot slot = new BrowserSlot(settings);
    try {
      slot.launch();
      return slot;
    } catch (RuntimeException e) {
      slot.close();
      throw e;
    }
  }

  public Settings settings() {
    return settings;
  }

  public String display() {
    return ":" + settings.display();
  }

  public String pulseServer() {
    return "unix:" + pulseSocket();
  }

  public String pulseSource() {
    return SINK + ".monitor";
  }

  public DevTools devTools() {
    return devTools;
  }

  /** Pids of the slot's programs by name, for the bench's CPU accounting. */
  public Map<String, Long> pids() {
    return Map.of("xvfb", xvfb.pid(), "pulseaudio", pulse.pid(), "chromium", chromium.pid());
  }

  /** Null when healthy, otherwise which part died. */
  public String fault() {
    if (xvfb == null || !xvfb.isAlive()) {
      return "Xvfb exited";
    }
    if (pulse == null || !pulse.isAlive()) {
      return "PulseAudio exited";
    }
    if (chromium == null || !chromium.isAlive()) {
      return "Chromium exited";
    }
    if (devTools == null || !devTools.isOpen()) {
      return "DevTools connection lost";
    }
    return null;
  }

  private Path dir() {
    return settings.workDir().toAbsolutePath().resolve("slot-" + settings.index());
  }

  private Path pulseSocket() {
    return dir().resolve("pulse/native");
  }

  private void launch() {
    Path dir = dir();
    deleteTree(dir);
    try {
      Files.createDirectories(dir.resolve("pulse"));
      Files.createDirectories(dir.resolve("profile"));
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, "cannot create " + dir, e);
    }
    Path x11Socket = Path.of("/tmp/.X11-unix/X" + settings.display());
    try {
      Files.deleteIfExists(x11Socket);
      Files.deleteIfExists(Path.of("/tmp/.X" + settings.display() + "-lock"));
    } catch (IOException e) {
      // a stale lock we cannot remove makes Xvfb fail below, with its own message
    }
    xvfb =
        spawn(
            "xvfb",
            Map.of(),
            settings.xvfb(),
            display(),
            "-screen",
            "0",
            settings.width() + "x" + settings.height() + "x24",
            "-nolisten",
            "tcp",
            "-ac");
    await("Xvfb", () -> Files.exists(x11Socket), xvfb);
    Map<String, String> pulseEnv =
        Map.of("HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.resolve("pulse").toString());
    pulse =
        spawn(
            "pulseaudio",
            pulseEnv,
            settings.pulseaudio(),
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "-n",
            "--load=module-native-protocol-unix socket=" + pulseSocket() + " auth-anonymous=1",
            "--load=module-null-sink sink_name=" + SINK,
            "--load=module-always-sink");
    await("PulseAudio", () -> Files.exists(pulseSocket()), pulse);
    chromium =
        spawn(
            "chromium",
            Map.of(
                "DISPLAY", display(),
                "PULSE_SERVER", pulseServer(),
                "HOME", dir.toString(),
                "XDG_RUNTIME_DIR", dir.resolve("pulse").toString()),
            settings.chromium(),
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-features=Translate,MediaRouter",
            "--no-first-run",
            "--no-default-browser-check",
            "--noerrdialogs",
            "--password-store=basic",
            "--autoplay-policy=no-user-gesture-required",
            "--hide-scrollbars",
            "--kiosk",
            "--window-position=0,0",
            "--window-size=" + settings.width() + "," + settings.height(),
            "--user-data-dir=" + dir.resolve("profile"),
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=" + settings.debugPort(),
            "about:blank");
    await("Chromium DevTools", this::devToolsAnswers, chromium);
    devTools = DevTools.connect(http, settings.debugPort());
    devTools.call("Page.enable", Map.of());
    LOG.info(
        "slot {} ready: display {}, DevTools on 127.0.0.1:{}",
        settings.index(),
        display(),
        settings.debugPort());
  }

  private boolean devToolsAnswers() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + settings.debugPort() + "/json/list"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"page\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Process spawn(String name, Map<String, String> env, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir().resolve(name + ".log").toFile());
    try {
      Process process = builder.start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new RecordingException(
          ErrorCode.BROWSER_CRASHED, "cannot start " + command[0] + ": " + e.getMessage(), e);
    }
  }

  private void await(String what, BooleanSupplier ready, Process process) {
    long deadline = System.nanoTime() + PROCESS_START.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new RecordingException(
            ErrorCode.BROWSER_CRASHED, what + " exited at start, see " + dir());
      }
      if (System.nanoTime() > deadline) {
        throw new RecordingException(ErrorCode.BROWSER_CRASHED, what + " did not start in time");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecordingException(ErrorCode.BROWSER_CRASHED, "interrupted", e);
      }
    }
  }

  @Override
  public void close() {
    if (devTools != null) {
      devTools.close();
    }
    // browser first: it is a client of the other two
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot clear {}: {}", dir, e.getMessage());
    }
  }
}
