package io.meetrec.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Runs a function jar under Google's Functions Framework invoker, as Cloud Functions does. */
public final class FunctionInvoker {

  /** The entry point of every Micronaut HTTP function. */
  public static final String HTTP_FUNCTION = "io.micronaut.gcp.function.http.HttpFunction";

  private FunctionInvoker() {}

  /**
   * The invoker jar, from the test classpath (each function module has it as a test dependency).
   */
  public static Path invokerJar() {
    try {
      return Path.of(
          Class.forName("com.google.cloud.functions.invoker.runner.Invoker")
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (Exception e) {
      throw new IllegalStateException("java-function-invoker is not on the test classpath", e);
    }
  }

  /** The shaded {@code *-function.jar} in {@code target/}, built by {@code package}. */
  public static Path functionJar() {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-function.jar"))
          .findFirst()
          .orElseGet(
              () -> {
                Requirements.missing(
                    "target/*-function.jar; build it first with: mvn package (this test runs in"
                        + " verify)");
                return null;
              });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts {@code target} from {@code classpath} on {@code port}, with {@code properties} (from a
   * private file, never on the command line), and waits for the port.
   */
  public static ManagedProcess start(
      String name, Path classpath, String target, int port, Map<String, String> properties) {
    ManagedProcess p = ManagedProcess.start(name, command(classpath, target, port, properties));
    p.awaitPort(port, Duration.ofSeconds(60));
    return p;
  }

  /** The invoker command line, for callers that time the start themselves (the intake bench). */
  public static List<String> command(
      Path classpath, String target, int port, Map<String, String> properties) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    if (!properties.isEmpty()) {
      // The settings, secrets among them, go in a file only this user reads: a command line is
      // visible to everyone on the machine. Micronaut loads it above application.yml.
      command.add("-Dmicronaut.config.files=" + settingsFile(properties));
    }
    command.addAll(
        List.of(
            "-jar",
            invokerJar().toString(),
            "--classpath",
            classpath.toString(),
            "--target",
            target,
            "--port",
            Integer.toString(port)));
    return command;
  }

  /**
   * {@code properties} as a properties file only this user reads, deleted when this JVM exits: what
   * {@code -Dmicronaut.config.files} should name instead of settings on the command line.
   */
  public static Path settingsFile(Map<String, String> properties) {
    try {
      Path file =
          Files.createTempFile(
              "meetrec-function-",
              ".properties",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      Properties p = new Properties();
      p.putAll(properties);
      try (var out = Files.newBufferedWriter(file)) {
        p.store(out, "meetrec function settings");
      }
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
