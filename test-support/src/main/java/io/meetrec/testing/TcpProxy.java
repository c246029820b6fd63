package io.meetrec.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between a client and a real server, for faults the server cannot be
 * asked to produce: {@link #stall()} stops forwarding in both directions (bytes wait in the
 * sockets, as on a congested or partitioned link) until {@link #pass()}; {@link #drop()} resets
 * every connection and refuses new ones until {@link #pass()}. What the client then sees — a
 * timeout after the server may or may not have acted — is the ambiguous outcome tests need.
 */
public final class TcpProxy implements AutoCloseable {

  /** What the proxy does with traffic. */
  public enum Mode {
    PASS,
    STALL,
    DROP
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;
  private final Object gate = new Object();

  private TcpProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code host:port}. */
  public static TcpProxy to(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      return new TcpProxy(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A proxy to a server on 127.0.0.1:{@code port}. */
  public static TcpProxy to(int port) {
    return to("127.0.0.1:" + port);
  }

  /** The port on 127.0.0.1 clients connect to instead of the server's. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>} clients connect to instead of the server. */
  public String hostPort() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  public void pass() {
    mode = Mode.PASS;
    synchronized (gate) {
      gate.notifyAll();
    }
  }

  public void stall() {
    mode = Mode.STALL;
  }

  /** Resets every open connection and refuses new ones (they are closed at once). */
  public void drop() {
    mode = Mode.DROP;
    for (Socket s : open) {
      reset(s);
    }
    synchronized (gate) {
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      if (mode == Mode.DROP) {
        reset(client);
        continue;
      }
      try {
        Socket target = new Socket();
        target.connect(upstream, 5_000);
        open.add(client);
        open.add(target);
        pump(client, target, "up");
        pump(target, client, "down");
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  awaitPass();
                  if (mode == Mode.DROP) {
                    break;
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // The other side went away, or we dropped it.
              } finally {
                reset(from);
                reset(to);
              }
            },
            "tcp-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private void awaitPass() throws InterruptedException {
    synchronized (gate) {
      while (mode == Mode.STALL) {
        gate.wait(100);
      }
    }
  }

  private void reset(Socket s) {
    open.remove(s);
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // Already closed.
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing to do.
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // Nothing to do.
    }
    for (Socket s : open) {
      reset(s);
    }
  }
}
