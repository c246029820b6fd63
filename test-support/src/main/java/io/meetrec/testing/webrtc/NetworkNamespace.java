package io.meetrec.testing.webrtc;

import io.meetrec.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace the test creates and deletes itself: loopback plus one veth pair with
 * addresses from 192.0.2.0/24 (TEST-NET-1, documentation only, never routed), so WebRTC has a
 * non-loopback interface to gather ICE candidates on (Janus skips loopback) without ever touching
 * the machine's own interfaces. The namespace has no route out: media cannot leave it.
 */
public final class NetworkNamespace implements AutoCloseable {

  /** The address Janus gathers its candidates on. */
  public static final String MEDIA_ADDRESS = "192.0.2.1";

  /** The interface Janus is restricted to. */
  public static final String MEDIA_INTERFACE = "mr0";

  private final String name;
  private boolean closed;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** Creates a namespace with a unique name, or fails/aborts with what is missing. */
  public static NetworkNamespace create() {
    Requirements.program("ip", "apt-get install -y iproute2");
    String name = "meetrec-" + UUID.randomUUID().toString().substring(0, 8);
    NetworkNamespace ns = new NetworkNamespace(name);
    String failure = run("ip", "netns", "add", name);
    if (failure != null) {
      Requirements.missing(
          "cannot create a network namespace (needs root or CAP_NET_ADMIN): " + failure);
    }
    try {
      ns.check(run("ip", "-n", name, "link", "set", "lo", "up"));
      ns.check(
          run(
              "ip",
              "-n",
              name,
              "link",
              "add",
              MEDIA_INTERFACE,
              "type",
              "veth",
              "peer",
              "name",
              "mr1"));
      ns.check(run("ip", "-n", name, "addr", "add", MEDIA_ADDRESS + "/24", "dev", MEDIA_INTERFACE));
      ns.check(run("ip", "-n", name, "addr", "add", "192.0.2.2/24", "dev", "mr1"));
      ns.check(
          run(
              "ip",
              "netns",
              "exec",
              name,
              "sysctl",
              "-q",
              "-w",
              "net.ipv6.conf.all.disable_ipv6=1"));
      ns.check(run("ip", "-n", name, "link", "set", MEDIA_INTERFACE, "up"));
      ns.check(run("ip", "-n", name, "link", "set", "mr1", "up"));
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  /** The command prefix that runs a program inside the namespace. */
  public List<String> prefix() {
    return List.of("ip", "netns", "exec", name);
  }

  /** {@code command} run inside the namespace. */
  public List<String> inside(List<String> command) {
    List<String> full = new ArrayList<>(prefix());
    full.addAll(command);
    return full;
  }

  private void check(String failure) {
    if (failure != null) {
      throw new IllegalStateException("network namespace " + name + ": " + failure);
    }
  }

  /** Ends whatever still runs inside (all of it ours) and deletes the namespace. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    String pids = output("ip", "netns", "pids", name);
    if (pids != null) {
      for (String pid : pids.split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    run("ip", "netns", "del", name);
  }

  /** Null on success, else the command's output. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + out.trim();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String output(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(20, TimeUnit.SECONDS);
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
