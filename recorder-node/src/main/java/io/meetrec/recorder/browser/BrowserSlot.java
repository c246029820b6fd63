package io.meetrec.recorder.browser;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.io.IOException;
import java.io.InputStream;
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
      String chromium,
      BrowserConfiguration browser) {

    /** The recorder's own switches only, Chromium started directly. */
    public Settings(
        int index,
        int display,
        int debugPort,
        int width,
        int height,
        Path workDir,
        String xvfb,
        String pulseaudio,
        String chromium) {
      this(
          index,
          display,
          debugPort,
          width,
          height,
          workDir,
          xvfb,
          pulseaudio,
          chromium,
          BrowserConfiguration.defaults());
    }
  }

  private final Settings settings;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private Process xvfb;
  private Process pulse;
  private Process chromium;
  private DevTools devTools;
  private DevTools browserDevTools;

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
    if (browserDevTools == null || !browserDevTools.isOpen()) {
      return "DevTools browser connection lost";
    }
    for (Process process : processes) {
      if (!process.isAlive()) {
        return "a slot program exited: " + process.info().command().orElse("?");
      }
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
    StalePrograms.end(dir, settings.display());
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
    List<String> command =
        new ArrayList<>(
            ChromiumCommand.build(
                settings.chromium(),
                settings.width(),
                settings.height(),
                dir.resolve("profile"),
                settings.debugPort(),
                settings.browser()));
    List<String> prefix = settings.browser().launchPrefix();
    command.addAll(0, prefix);
    chromium =
        spawn(
            "chromium",
            Map.of(
                "DISPLAY", display(),
                "PULSE_SERVER", pulseServer(),
                "HOME", dir.toString(),
                "XDG_RUNTIME_DIR", dir.resolve("pulse").toString()),
            command.toArray(String[]::new));
    if (!prefix.isEmpty()) {
      bridgeDevTools(prefix);
    }
    await("Chromium DevTools", this::devToolsAnswers, chromium);
    devTools = DevTools.connect(http, settings.debugPort());
    devTools.call("Page.enable", Map.of());
    browserDevTools = DevTools.connectBrowser(http, settings.debugPort());
    LOG.info(
        "slot {} ready: display {}, DevTools on 127.0.0.1:{}",
        settings.index(),
        display(),
        settings.debugPort());
  }

  /**
   * Chromium started through a launch prefix (e.g. {@code ip netns exec <ns>}) listens on the
   * 127.0.0.1 of its own network namespace. One socat inside that namespace turns the port into a
   * unix socket in the slot directory (filesystem sockets cross network namespaces), one outside
   * turns it back into 127.0.0.1:debugPort for the recorder. The port numbers match on both sides,
   * so the WebSocket URLs Chromium hands out stay valid.
   */
  private void bridgeDevTools(List<String> prefix) {
    Path socket = dir().resolve("devtools.sock");
    List<String> inner = new ArrayList<>(prefix);
    inner.addAll(
        List.of(
            settings.browser().socatPath(),
            "UNIX-LISTEN:" + socket + ",fork,unlink-early",
            "TCP:127.0.0.1:" + settings.debugPort()));
    Process in = spawn("devtools-bridge-in", Map.of(), inner.toArray(String[]::new));
    await("DevTools bridge", () -> Files.exists(socket), in);
    spawn(
        "devtools-bridge-out",
        Map.of(),
        settings.browser().socatPath(),
        "TCP-LISTEN:" + settings.debugPort() + ",bind=127.0.0.1,reuseaddr,fork",
        "UNIX-CONNECT:" + socket);
  }

  /**
   * Opens a fresh browser context with one page for a recording; {@code adapter} (may be null) is
   * injected before the page's own scripts.
   */
  public BrowserPage openPage(String adapter) {
    return BrowserPage.open(
        http, browserDevTools, settings.debugPort(), settings.width(), settings.height(), adapter);
  }

  /** Page targets the browser has open, for tests that check nothing piles up. */
  @SuppressWarnings("unchecked")
  public int openPageTargets() {
    Object infos = browserDevTools.call("Target.getTargets", Map.of()).get("targetInfos");
    return infos instanceof List<?> list
        ? (int)
            list.stream()
                .filter(t -> t instanceof Map<?, ?> m && "page".equals(m.get("type")))
                .count()
        : 0;
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
    List<String> guarded = new ArrayList<>(List.of("/bin/sh", guardScript().toString()));
    guarded.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(guarded);
    builder.environment().putAll(env);
    // stdin stays a pipe from this JVM: the guard ends the program when the pipe closes
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
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

  private Path guardScript() {
    Path script = dir().resolve("slot-guard.sh");
    if (!Files.exists(script)) {
      try (InputStream in = BrowserSlot.class.getResourceAsStream("slot-guard.sh")) {
        Files.write(script, in.readAllBytes());
      } catch (IOException e) {
        throw new RecordingException(ErrorCode.BROWSER_CRASHED, "cannot write " + script, e);
      }
    }
    return script;
  }

  @Override
  public void close() {
    if (browserDevTools != null) {
      browserDevTools.close();
    }
    if (devTools != null) {
      devTools.close();
    }
    // browser first: it is a client of the other two
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // the guard also stops the program on SIGTERM below
      }
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
