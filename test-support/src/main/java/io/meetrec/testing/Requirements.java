package io.meetrec.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine. Under {@code CI=true} a missing piece fails the test with the
 * command that installs it; elsewhere the test is aborted with the same message, so a developer
 * without Chromium can still run the rest.
 */
public final class Requirements {

  private Requirements() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Returns the path of {@code program} on the PATH, or fails/aborts with {@code install}. */
  public static Path program(String program, String install) {
    Optional<Path> found = findOnPath(program);
    if (found.isEmpty()) {
      missing(program + " is not installed; install it with: " + install);
    }
    return found.orElseThrow();
  }

  /** Fails (CI) or aborts (elsewhere) unless {@code file} exists. */
  public static Path file(Path file, String install) {
    if (!Files.exists(file)) {
      missing(file + " is missing; install it with: " + install);
    }
    return file;
  }

  public static Optional<Path> findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    return Stream.of(path.split(":"))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Fails under CI, aborts otherwise. Never returns normally. */
  public static void missing(String message) {
    if (inCi()) {
      Assertions.fail("[CI=true] required component missing: " + message);
    }
    Assumptions.abort("required component missing: " + message);
  }
}
