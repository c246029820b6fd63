package io.meetrec.testing.webrtc;

import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries one TCP port across the namespace boundary through a filesystem unix socket (which both
 * sides see, unlike TCP ports): one socat listens on 127.0.0.1 on one side and writes to the
 * socket, another reads the socket and connects to 127.0.0.1 on the other side.
 */
public final class SocketBridge implements AutoCloseable {

  private final List<ManagedProcess> processes = new ArrayList<>();

  private SocketBridge() {}

  /** Makes the outside 127.0.0.1:{@code port} reachable inside {@code ns} as 127.0.0.1:port. */
  public static SocketBridge into(NetworkNamespace ns, int port, Path dir) {
    return bridge(ns, dir.resolve("in-" + port + ".sock"), port, port, true);
  }

  /** Makes {@code ns}'s 127.0.0.1:{@code port} reachable outside as 127.0.0.1:{@code outside}. */
  public static SocketBridge outOf(NetworkNamespace ns, int port, int outside, Path dir) {
    return bridge(ns, dir.resolve("out-" + port + ".sock"), outside, port, false);
  }

  private static SocketBridge bridge(
      NetworkNamespace ns, Path socket, int listen, int port, boolean inward) {
    String socat = Requirements.program("socat", "apt-get install -y socat").toString();
    SocketBridge bridge = new SocketBridge();
    List<String> toSocket =
        List.of(
            socat,
            "TCP-LISTEN:" + listen + ",bind=127.0.0.1,reuseaddr,fork",
            "UNIX-CONNECT:" + socket);
    List<String> fromSocket =
        List.of(socat, "UNIX-LISTEN:" + socket + ",fork,unlink-early", "TCP:127.0.0.1:" + port);
    try {
      ManagedProcess listener =
          ManagedProcess.start("bridge-sock-" + port, inward ? fromSocket : ns.inside(fromSocket));
      bridge.processes.add(listener);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!Files.exists(socket)) {
        if (!listener.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("bridge for port " + port + ": " + listener.tail());
        }
        Thread.sleep(20);
      }
      bridge.processes.add(
          ManagedProcess.start("bridge-tcp-" + port, inward ? ns.inside(toSocket) : toSocket));
      return bridge;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      bridge.close();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      bridge.close();
      throw e;
    }
  }

  @Override
  public void close() {
    processes.forEach(ManagedProcess::close);
    processes.clear();
  }
}
