package io.meetrec.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bytes no HTTP client library would send, over a plain socket to 127.0.0.1: a broken request line,
 * an overlong URI, oversized headers. What the server itself answers before any handler runs is
 * what these tests are about, so nothing here corrects or completes the request.
 */
public final class RawHttp {

  /** A request line that is not HTTP at all. */
  public static final String GARBAGE = "GARBAGE\r\n\r\n";

  private RawHttp() {}

  /** A GET whose target is {@code uriBytes} long. */
  public static String longUri(int uriBytes) {
    return "GET /" + "a".repeat(uriBytes - 1) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /** A GET with {@code totalBytes} of headers, in 1 KiB fields ({@code X-Pad-n}). */
  public static String largeHeaders(int totalBytes) {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i * 1024 < totalBytes; i++) {
      request.append("X-Pad-").append(i).append(": ").append("b".repeat(1000)).append("\r\n");
    }
    return request.append("\r\n").toString();
  }

  /** An answer as it came off the wire; headers keyed in lower case. */
  public record Reply(int status, Map<String, String> headers, String body) {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The full answer, for assertion messages. */
    @Override
    public String toString() {
      return status + " " + headers + "\n" + body;
    }
  }

  /**
   * Writes {@code request} to {@code port} and reads until the server closes the connection or the
   * body named by Content-Length is complete. A server that resets the connection while the request
   * is still being written has usually answered first, so that answer is still read.
   */
  public static Reply send(int port, String request, Duration timeout) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException refusedMidway) {
        // The server answered and closed before reading everything; its answer is still readable.
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("no HTTP answer on port " + port, e);
    }
  }

  private static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException(
            "connection closed before a complete status line and headers: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    String length = headers.get("content-length");
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunks(in);
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else {
      body = readToEnd(in);
    }
    return new Reply(
        Integer.parseInt(statusLine[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] readChunks(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in).split(";", 2)[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (SocketException reset) {
      return new byte[0];
    }
  }
}
