package io.meetrec.webhooks;

import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The webhook function as Cloud Functions runs it: the Functions Framework invoker serving the
 * shaded jar, configured through system properties. Its stdout (the JSON log lines) goes to a file
 * tests read.
 */
public final class FunctionProcess implements AutoCloseable {

  private final ManagedProcess process;
  private final int port;

  private FunctionProcess(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static FunctionProcess start(Map<String, String> properties) throws Exception {
    return start(properties, ManagedProcess.freePort());
  }

  /** On a given port: a restarted function keeps the URL its push subscription points at. */
  public static FunctionProcess start(Map<String, String> properties, int port) throws Exception {
    FunctionProcess f =
        new FunctionProcess(
            FunctionInvoker.start(
                "webhooks-function",
                FunctionInvoker.functionJar(),
                FunctionInvoker.HTTP_FUNCTION,
                port,
                properties),
            port);
    f.awaitReady(Duration.ofSeconds(60));
    return f;
  }

  /** The first request starts Micronaut; waiting for it keeps cold-start time out of the tests. */
  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 400) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // The invoker is still loading the function.
      }
      if (Instant.now().isAfter(deadline) || !process.isAlive()) {
        throw new IllegalStateException("webhook function not ready:\n" + process.tail());
      }
      Thread.sleep(200);
    }
  }

  /** POSTs a JSON body to {@code path} of the function (e.g. {@code redeliver}). */
  public HttpResponse<String> post(String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Log lines mentioning {@code needle}. */
  public List<String> logLines(String needle) throws Exception {
    return Files.readAllLines(process.log(), StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(needle))
        .toList();
  }

  /** Waits until at least {@code count} lines mention both strings; returns those lines. */
  public List<String> awaitLog(String first, String second, int count, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<String> lines = logLines(first).stream().filter(l -> l.contains(second)).toList();
      if (lines.size() >= count || Instant.now().isAfter(deadline)) {
        return lines;
      }
      Thread.sleep(200);
    }
  }

  public String tail() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }
}
