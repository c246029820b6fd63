package io.meetrec.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StackBuildTest {

  @Test
  void knowsTheProjectVersionTheFunctionJarsAreNamedAfter() throws Exception {
    String rootPom = Files.readString(Path.of("..", "pom.xml"));
    Matcher own =
        Pattern.compile("<artifactId>meetrec-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(rootPom);
    assertThat(own.find()).isTrue();

    assertThat(StackBuild.version()).isEqualTo(own.group(1)).doesNotContain("${");
  }
}
