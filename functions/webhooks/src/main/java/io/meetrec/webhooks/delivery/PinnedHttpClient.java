package io.meetrec.webhooks.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 POST over a socket opened to an address checked beforehand, so DNS cannot
 * answer differently between the URL guard's check and the connection (DNS rebinding). For https
 * the TLS handshake still sends the URL's host name (SNI) and validates the certificate against it.
 * Redirects are never followed: only the status line of the answer is read. The whole attempt has a
 * deadline: a receiver answering a byte at a time, each within the read timeout, is cut off.
 */
public final class PinnedHttpClient {

  private static final int MAX_STATUS_LINE = 8 * 1024;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final SSLSocketFactory tls;

  /** Closes the socket of an attempt that outlives its deadline. */
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webhook-delivery-deadline");
            t.setDaemon(true);
            return t;
          });

  public PinnedHttpClient(
      Duration connectTimeout, Duration readTimeout, Duration deadline, SSLSocketFactory tls) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.deadline = deadline;
    this.tls = tls;
  }

  /**
   * Sends the request and returns the receiver's HTTP status; a {@link SocketTimeoutException} when
   * the receiver was too slow, per read or over the whole attempt.
   */
  public int post(URI uri, InetAddress address, Map<String, String> headers, byte[] body)
      throws IOException {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
    String host = uri.getHost();
    Socket plain = new Socket();
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> cut =
        DEADLINES.schedule(
            () -> {
              expired.set(true);
              closeQuietly(plain);
            },
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      plain.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
      plain.setSoTimeout((int) readTimeout.toMillis());
      Socket socket = https ? handshake(plain, host, port) : plain;
      OutputStream out = socket.getOutputStream();
      out.write(head(uri, host, port, https, headers, body.length));
      out.write(body);
      out.flush();
      return readStatus(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      if (expired.get()) {
        throw new SocketTimeoutException("no answer within the delivery deadline of " + deadline);
      }
      throw e;
    } finally {
      cut.cancel(false);
      plain.close();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that is wanted
    }
  }

  private Socket handshake(Socket plain, String host, int port) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(host)) {
      params.setServerNames(List.of(new SNIHostName(host)));
    }
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static byte[] head(
      URI uri, String host, int port, boolean https, Map<String, String> headers, int length) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (https ? 443 : 80);
    StringBuilder h = new StringBuilder();
    h.append("POST ").append(path).append(" HTTP/1.1\r\n");
    h.append("Host: ").append(defaultPort ? host : host + ":" + port).append("\r\n");
    h.append("Content-Length: ").append(length).append("\r\n");
    h.append("Connection: close\r\n");
    headers.forEach(
        (name, value) -> {
          if (name.indexOf('\r') >= 0
              || name.indexOf('\n') >= 0
              || value.indexOf('\r') >= 0
              || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " contains a line break");
          }
          h.append(name).append(": ").append(value).append("\r\n");
        });
    h.append("\r\n");
    return h.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Reads {@code HTTP/1.x NNN reason} and returns NNN; the rest of the answer is ignored. */
  static int readStatus(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() >= MAX_STATUS_LINE) {
        throw new ProtocolException("status line too long");
      }
      line.write(b);
    }
    String status = line.toString(StandardCharsets.ISO_8859_1).trim();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x answer");
    }
    try {
      int code = Integer.parseInt(parts[1]);
      if (code < 100 || code > 599) {
        throw new ProtocolException("bad status " + code);
      }
      return code;
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad status line");
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.startsWith("[") || host.matches("[0-9.]+");
  }
}
