package io.meetrec.infra;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository checkout and the command-line tools the checks run. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("terraform")) && Files.isDirectory(dir.resolve("k8s"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("repository root (with terraform/ and k8s/) not found");
  }

  /**
   * Path of a required binary. Missing: fails under CI=true, aborts the test elsewhere, both with
   * what to install.
   */
  public static String tool(String path, String install) {
    if (Files.isExecutable(Path.of(path))) {
      return path;
    }
    String message = path + " is missing: " + install;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    abort(message);
    return null;
  }

  public record Result(int exitCode, String stdout, String stderr) {}

  public static Result run(Path workDir, List<String> command) {
    try {
      Path out = Files.createTempFile("infra-out", ".txt");
      Path err = Files.createTempFile("infra-err", ".txt");
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 60 s");
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
