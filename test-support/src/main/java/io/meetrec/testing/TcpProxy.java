package io.meetrec.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of a local server, for making that server unreachable on
 * purpose: {@link #cut()} resets every connection through it and refuses new ones (as a failover or
 * a partition looks to a client) until {@link #restore()}. Everything stays on loopback.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Forwards a free port on 127.0.0.1 to 127.0.0.1:{@code targetPort}. */
  public static TcpProxy to(int targetPort) {
    try {
      ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpProxy proxy = new TcpProxy(s, targetPort);
      Thread.ofPlatform().daemon().name("tcp-proxy-" + s.getLocalPort()).start(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("proxy could not listen: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Resets every connection now and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (cut) {
                    break;
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // One side went away; the other follows.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            });
  }

  private static void closeQuietly(Socket s) {
    try {
      // An RST, not a FIN: what a client sees when the server's address moved.
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
