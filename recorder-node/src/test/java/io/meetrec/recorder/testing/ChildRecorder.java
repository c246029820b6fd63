package io.meetrec.recorder.testing;

import io.meetrec.testing.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recorder in its own JVM ({@code io.meetrec.recorder.Application} on this test's class path), so
 * a test can SIGKILL or SIGTERM a real recorder process.
 */
public final class ChildRecorder implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private List<ProcessHandle> descendants = List.of();

  private ChildRecorder(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ChildRecorder start(Map<String, String> properties) throws IOException {
    int port = ManagedProcess.freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Xmx384m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    properties.entrySet().stream()
        .filter(e -> !e.getKey().equals("micronaut.server.port"))
        .forEach(e -> cmd.add("-D" + e.getKey() + "=" + e.getValue()));
    cmd.add("-Dmicronaut.server.port=" + port);
    cmd.add("io.meetrec.recorder.Application");
    Path log = Files.createTempFile("meetrec-child-recorder-", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildRecorder(p, port, log);
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** Waits until the recorder's HTTP port answers liveness. */
  public void awaitLive(Duration timeout) {
    RecorderFixture.await(
        timeout,
        "child recorder to start (log " + log + ")",
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("child recorder exited early:\n" + tail());
          }
          return status("/health/liveness") == 200;
        });
  }

  /** The HTTP status of GET {@code path}, or -1 when nothing answers. */
  public int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGKILL: no hook, no drain, no goodbye. */
  public void kill() throws InterruptedException {
    descendants = process.descendants().toList();
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as the kubelet sends it. */
  public void terminate() {
    descendants = process.descendants().toList();
    process.destroy();
  }

  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      descendants = process.descendants().toList();
      process.destroyForcibly();
      process.waitFor();
    }
    // A killed recorder's browsers and displays would outlive it.
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
