package io.meetrec.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Real local services for tests, started once per test JVM on free ports and stopped when it exits.
 * {@code REDIS_URI} ({@code redis://host:port}) and {@code PUBSUB_EMULATOR_HOST} ({@code
 * host:port}) point tests at services someone else started instead.
 */
public final class LocalServices {

  public static final String PROJECT_ID = "meetrec-local";

  private static RedisService redis;
  private static PubSubEmulator pubsub;

  private LocalServices() {}

  public static synchronized RedisService redis() {
    if (redis == null) {
      redis = startRedis();
    }
    return redis;
  }

  public static synchronized PubSubEmulator pubsub() {
    if (pubsub == null) {
      pubsub = startPubSub();
    }
    return pubsub;
  }

  private static RedisService startRedis() {
    String given = System.getenv("REDIS_URI");
    if (given != null && !given.isBlank()) {
      String hostPort = given.replaceFirst("^redis://", "").replaceFirst("/.*$", "");
      String[] hp = hostPort.split(":");
      return new RedisService(hp[0], hp.length > 1 ? Integer.parseInt(hp[1]) : 6379);
    }
    Path server = Requirements.program("redis-server", "apt-get install -y redis-server");
    int port = ManagedProcess.freePort();
    ManagedProcess p = ManagedProcess.start("redis", redisCommand(server, port));
    stopAtExit(p);
    p.awaitPort(port, Duration.ofSeconds(20));
    return new RedisService("127.0.0.1", port);
  }

  private static PubSubEmulator startPubSub() {
    String given = System.getenv("PUBSUB_EMULATOR_HOST");
    if (given != null && !given.isBlank()) {
      return new PubSubEmulator(given, projectFromEnv());
    }
    Path jar = emulatorJar();
    int port = ManagedProcess.freePort();
    ManagedProcess p = ManagedProcess.start("pubsub-emulator", pubSubEmulatorCommand(jar, port));
    stopAtExit(p);
    p.awaitPort(port, Duration.ofSeconds(60));
    return new PubSubEmulator("127.0.0.1:" + port, projectFromEnv());
  }

  /**
   * How redis-server runs for tests and the local stack: on 127.0.0.1 only, in memory (no RDB, no
   * AOF).
   */
  public static List<String> redisCommand(Path server, int port) {
    return List.of(
        server.toString(),
        "--port",
        Integer.toString(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no");
  }

  /** How the Pub/Sub emulator runs for tests and the local stack: this JVM's java, 127.0.0.1. */
  public static List<String> pubSubEmulatorCommand(Path jar, int port) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(java, "-Xmx512m", "-jar", jar.toString(), "--host=127.0.0.1", "--port=" + port);
  }

  private static String projectFromEnv() {
    return Optional.ofNullable(System.getenv("GCP_PROJECT_ID"))
        .filter(s -> !s.isBlank())
        .orElse(PROJECT_ID);
  }

  /** The emulator jar ({@link PubSubEmulatorJar}); missing fails under CI, aborts elsewhere. */
  static Path emulatorJar() {
    Optional<Path> jar = PubSubEmulatorJar.find();
    if (jar.isEmpty()) {
      Requirements.missing("the Pub/Sub emulator jar; " + PubSubEmulatorJar.INSTALL);
    }
    return jar.orElseThrow();
  }

  private static void stopAtExit(ManagedProcess p) {
    Runtime.getRuntime().addShutdownHook(new Thread(p::close, "stop-" + p.log().getFileName()));
  }
}
