package io.meetrec.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The customer's side of the demo: receives webhooks on 127.0.0.1 and keeps each delivery with the
 * outcome of verifying its Standard Webhooks signature.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One delivery as it arrived. */
  public record Delivery(
      Instant receivedAt,
      String webhookId,
      String timestamp,
      String signature,
      String body,
      boolean signatureValid) {}

  /** Checks a delivery's signature; the demo passes the Standard Webhooks verifier. */
  public interface SignatureCheck {
    boolean valid(String id, String timestamp, String signatureHeader, byte[] body);
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  public WebhookReceiver(int port, SignatureCheck check) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
          String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
          boolean ok = id != null && ts != null && sig != null && check.valid(id, ts, sig, body);
          deliveries.add(
              new Delivery(
                  Instant.now(), id, ts, sig, new String(body, StandardCharsets.UTF_8), ok));
          exchange.sendResponseHeaders(ok ? 204 : 400, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public boolean received(Predicate<Delivery> which) {
    return deliveries.stream().anyMatch(which);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
