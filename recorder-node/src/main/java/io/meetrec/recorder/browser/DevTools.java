package io.meetrec.recorder.browser;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Chrome DevTools Protocol connection to one page target, spoken directly over the WebSocket: a
 * command is {@code {"id", "method", "params"}} and its answer carries the same id.
 */
public final class DevTools implements AutoCloseable {

  private static final ObjectMapper JSON = ObjectMapper.getDefault();
  private static final Argument<Map<String, Object>> OBJECT =
      Argument.mapOf(String.class, Object.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private volatile WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  private DevTools() {}

  /** Connects to the first page target of the browser listening on {@code port}. */
  public static DevTools connect(HttpClient http, int port) {
    return open(
        http,
        () -> {
          List<Map<String, Object>> targets =
              JSON.readValue(get(http, port, "/json/list"), Argument.listOf(OBJECT));
          return targets.stream()
              .filter(target -> "page".equals(target.get("type")))
              .map(target -> (String) target.get("webSocketDebuggerUrl"))
              .findFirst()
              .orElseThrow(() -> new IOException("the browser has no page target"));
        });
  }

  /** Connects to the browser itself, where {@code Target.*} commands are answered. */
  public static DevTools connectBrowser(HttpClient http, int port) {
    return open(
        http,
        () -> {
          Object url =
              JSON.readValue(get(http, port, "/json/version"), OBJECT).get("webSocketDebuggerUrl");
          if (!(url instanceof String text)) {
            throw new IOException("the browser names no DevTools endpoint");
          }
          return text;
        });
  }

  /** Connects to the page target {@code targetId} (from {@code Target.createTarget}). */
  public static DevTools connectPage(HttpClient http, int port, String targetId) {
    return open(http, () -> "ws://127.0.0.1:" + port + "/devtools/page/" + targetId);
  }

  private interface Endpoint {
    String url() throws IOException, InterruptedException;
  }

  private static String get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(COMMAND_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static DevTools open(HttpClient http, Endpoint endpoint) {
    try {
      String url = endpoint.url();
      DevTools devTools = new DevTools();
      WebSocket socket =
          http.newWebSocketBuilder()
              .connectTimeout(COMMAND_TIMEOUT)
              .buildAsync(URI.create(url), devTools.listener())
              .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      devTools.socket = socket;
      return devTools;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, "DevTools unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, "interrupted", e);
    }
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          dispatch(partial.toString());
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll("DevTools connection closed");
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        failAll("DevTools connection failed: " + error);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private void dispatch(String text) {
    try {
      Map<String, Object> message = JSON.readValue(text, OBJECT);
      Object id = message.get("id");
      if (id instanceof Number number) {
        CompletableFuture<Map<String, Object>> waiting = pending.remove(number.intValue());
        if (waiting != null) {
          waiting.complete(message);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an event we cannot parse is of no use to us; answers are what matter
    }
  }

  private void failAll(String why) {
    closed = true;
    pending.values().forEach(f -> f.completeExceptionally(new IOException(why)));
    pending.clear();
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Sends a command and waits for its result object. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> call(String method, Map<String, Object> params) {
    if (closed) {
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, "DevTools connection closed");
    }
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      String command =
          JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
      synchronized (this) {
        socket.sendText(command, true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      Map<String, Object> message = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (message.get("error") != null) {
        throw new RecordingException(
            ErrorCode.BROWSER_CRASHED, method + " refused: " + message.get("error"));
      }
      Object result = message.get("result");
      return result instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (IOException | ExecutionException | TimeoutException e) {
      pending.remove(id);
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, method + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.BROWSER_CRASHED, "interrupted", e);
    }
  }

  /** Evaluates a JavaScript expression in the page and returns its JSON value (or null). */
  @SuppressWarnings("unchecked")
  public Object evaluate(String expression) {
    Map<String, Object> result =
        call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    Object remote = result.get("result");
    return remote instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("value") : null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }
}
