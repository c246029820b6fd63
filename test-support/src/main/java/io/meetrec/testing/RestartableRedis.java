package io.meetrec.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A redis-server of a test's own (not the shared one of {@link LocalServices}), on a fixed free
 * port and without persistence, so a test can restart it and have it come back empty, as a
 * Memorystore instance without persistence does after a restart.
 */
public final class RestartableRedis implements AutoCloseable {

  private final Path server;
  private final int port;
  private ManagedProcess process;

  private RestartableRedis(Path server, int port) {
    this.server = server;
    this.port = port;
  }

  public static RestartableRedis start() {
    Path server = Requirements.program("redis-server", "apt-get install -y redis-server");
    RestartableRedis r = new RestartableRedis(server, ManagedProcess.freePort());
    r.launch();
    return r;
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server and starts a new, empty one on the same port. */
  public synchronized void restartEmpty() {
    process.close();
    launch();
  }

  private synchronized void launch() {
    process =
        ManagedProcess.start(
            "redis-" + port,
            List.of(
                server.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
    process.awaitPort(port, Duration.ofSeconds(20));
  }

  @Override
  public synchronized void close() {
    process.close();
  }
}
