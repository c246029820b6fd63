package io.meetrec.testing.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A customer's webhook endpoint on 127.0.0.1, for the webhooks function's tests and the local stack
 * alike. It verifies each delivery the way the Standard Webhooks specification describes (written
 * here from the spec, not with the project's code, so it checks the project from outside) and
 * answers with the status its path is told to give for the n-th attempt (204 by default).
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as received, with what it was answered. */
  public record Delivery(
      Instant receivedAt,
      String path,
      String webhookId,
      String timestamp,
      String signature,
      String body,
      boolean signatureValid,
      int answered) {}

  private HttpServer server;
  private final int port;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final byte[] key;
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, IntUnaryOperator> behaviour = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile int invalidStatus;

  /** On a free port, verifying with {@code whsecSecret} ({@code whsec_<base64 key>}). */
  public WebhookReceiver(String whsecSecret) throws IOException {
    this(0, whsecSecret);
  }

  /** On {@code port} (0: a free one), verifying with {@code whsecSecret}. */
  public WebhookReceiver(int port, String whsecSecret) throws IOException {
    this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    server = listen(port);
    this.port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  /** Stops listening: deliveries now get "connection refused", as from a receiver that is down. */
  public synchronized void down() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  public synchronized void up() throws IOException {
    server = listen(port);
  }

  /** The first request on {@code path} is answered only after {@code delay}. */
  public void slowFirst(String path, Duration delay) {
    delays.put(path, delay);
  }

  /** {@code status.applyAsInt(n)} is the answer to the n-th request (1-based) on {@code path}. */
  public void on(String path, IntUnaryOperator status) {
    behaviour.put(path, status);
  }

  /**
   * Answers {@code status} to a delivery whose signature does not verify, on every path, as a
   * careful customer does (the demo's receiver answers 400); 0 (the default) answers as {@link #on}
   * says.
   */
  public WebhookReceiver answerUnverifiedWith(int status) {
    this.invalidStatus = status;
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public int port() {
    return port;
  }

  /** Every request so far, in arrival order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public List<Delivery> deliveries(String path) {
    return deliveries.stream().filter(d -> d.path().equals(path)).toList();
  }

  public boolean received(Predicate<Delivery> which) {
    return deliveries.stream().anyMatch(which);
  }

  /** Waits until the deliveries on {@code path} satisfy {@code done}; returns them either way. */
  public List<Delivery> await(String path, Predicate<List<Delivery>> done, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && !done.test(deliveries(path))) {
      Thread.sleep(100);
    }
    return deliveries(path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = in.readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
      String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
      boolean valid = verifies(id, ts, sig, body);
      int n = attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int status =
          !valid && invalidStatus != 0
              ? invalidStatus
              : behaviour.getOrDefault(path, k -> 204).applyAsInt(n);
      Duration delay = n == 1 ? delays.get(path) : null;
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      deliveries.add(
          new Delivery(
              Instant.now(),
              path,
              id,
              ts,
              sig,
              new String(body, StandardCharsets.UTF_8),
              valid,
              status));
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** The spec: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), sent as "v1,<sig>". */
  private boolean verifies(String id, String ts, String header, byte[] body) {
    if (id == null || ts == null || header == null) {
      return false;
    }
    try {
      if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) > 300) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String candidate : header.split(" ")) {
        if (candidate.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(candidate.substring(3)))) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
