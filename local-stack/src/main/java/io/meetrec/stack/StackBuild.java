package io.meetrec.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What the build that made these classes wrote into {@code build.properties}. */
final class StackBuild {

  private StackBuild() {}

  /**
   * The project version, as in the deployables' jar names ({@code meetrec-intake-V-function.jar}).
   */
  static String version() {
    try (InputStream in = StackBuild.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "build.properties is missing: build local-stack with Maven");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
