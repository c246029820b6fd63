package io.meetrec.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the Pub/Sub emulator's jar ({@code cloud-pubsub-emulator-<version>-all.jar}) is on this
 * machine. The one place that knows, for the tests ({@link LocalServices}) and the local stack
 * alike; {@code bin/lib/common.sh} installs it into one of these places.
 */
public final class PubSubEmulatorJar {

  /** Names the jar itself, wherever it is. */
  public static final String ENV_JAR = "MEETREC_PUBSUB_EMULATOR_JAR";

  /**
   * What to do when it is missing: what {@code bin/test} and {@code bin/demo} do, or by hand (the
   * README's "The Pub/Sub emulator").
   */
  public static final String INSTALL =
      "run bin/test or bin/demo once (bin/lib/common.sh installs it), or: apt-get install -y"
          + " google-cloud-cli-pubsub-emulator (Google's apt repository), or gcloud components"
          + " install pubsub-emulator; see the README, 'The Pub/Sub emulator'";

  private static final String JAR_NAME = "cloud-pubsub-emulator-.*-all\\.jar";

  private PubSubEmulatorJar() {}

  /**
   * The folders searched for {@code lib/cloud-pubsub-emulator-*-all.jar}, in order: the Google
   * Cloud SDK's {@code platform/pubsub-emulator} under {@code $CLOUDSDK_ROOT}, the Debian package's
   * {@code /usr/lib/google-cloud-sdk}, {@code /usr/share/google-cloud-sdk}, {@code
   * /opt/google-cloud-sdk}, {@code ~/google-cloud-sdk} (the SDK's tarball), then {@code
   * ~/.cache/meetrec/pubsub-emulator} (the emulator's own zip, as bin/lib/common.sh unpacks it).
   */
  public static List<Path> searched() {
    return searched(System.getenv("CLOUDSDK_ROOT"), System.getProperty("user.home"));
  }

  static List<Path> searched(String cloudSdkRoot, String home) {
    return Stream.concat(
            Stream.of(
                    cloudSdkRoot,
                    "/usr/lib/google-cloud-sdk",
                    "/usr/share/google-cloud-sdk",
                    "/opt/google-cloud-sdk",
                    home + "/google-cloud-sdk")
                .filter(s -> s != null && !s.isBlank())
                .map(root -> Path.of(root, "platform", "pubsub-emulator")),
            Stream.of(Path.of(home, ".cache", "meetrec", "pubsub-emulator")))
        .toList();
  }

  /** The jar: {@value #ENV_JAR} if set, else the first found in {@link #searched()}. */
  public static Optional<Path> find() {
    String given = System.getenv(ENV_JAR);
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isRegularFile);
    }
    return find(searched());
  }

  /** The first {@code lib/cloud-pubsub-emulator-*-all.jar} under one of {@code dirs}. */
  static Optional<Path> find(List<Path> dirs) {
    return dirs.stream()
        .map(dir -> dir.resolve("lib"))
        .filter(Files::isDirectory)
        .flatMap(PubSubEmulatorJar::list)
        .filter(f -> f.getFileName().toString().matches(JAR_NAME))
        .findFirst();
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
