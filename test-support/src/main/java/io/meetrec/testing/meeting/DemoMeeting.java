package io.meetrec.testing.meeting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The demo meeting page (animated tiles, a clock, a 440 Hz tone, the page-side protocol of
 * docs/page-protocol.md) served on 127.0.0.1 by the JDK's HTTP server. Query parameters of {@link
 * #url(String)}: {@code participants}, {@code endAfter} (seconds), {@code readyDelayMs}, {@code
 * neverReady=1}, {@code tone} (Hz), {@code texture=1} (tiles show moving noise, hard to encode).
 */
public final class DemoMeeting implements AutoCloseable {

  private final HttpServer server;
  private final byte[] page;

  private DemoMeeting(HttpServer server, byte[] page) {
    this.server = server;
    this.page = page;
  }

  /** Starts a server on a free port (or {@code port} when not 0). */
  public static DemoMeeting start(int port) {
    byte[] page;
    try (InputStream in = DemoMeeting.class.getResourceAsStream("meeting.html")) {
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      DemoMeeting meeting = new DemoMeeting(server, page);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              boolean known = exchange.getRequestURI().getPath().startsWith("/meeting");
              byte[] body = known ? meeting.page : "not found".getBytes();
              exchange.getResponseHeaders().set("Content-Type", known ? "text/html" : "text/plain");
              exchange.sendResponseHeaders(known ? 200 : 404, body.length);
              exchange.getResponseBody().write(body);
            }
          });
      server.start();
      return meeting;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DemoMeeting start() {
    return start(0);
  }

  /** The meeting page URL, e.g. {@code url("participants=3&endAfter=20")}. */
  public URI url(String query) {
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/meeting/demo";
    return URI.create(query == null || query.isEmpty() ? base : base + "?" + query);
  }

  /** Runs the page server alone, for the local demo: {@code DemoMeeting [port]}. */
  public static void main(String[] args) throws InterruptedException {
    DemoMeeting meeting = start(args.length > 0 ? Integer.parseInt(args[0]) : 8099);
    System.out.println("demo meeting at " + meeting.url(null));
    Thread.currentThread().join();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
