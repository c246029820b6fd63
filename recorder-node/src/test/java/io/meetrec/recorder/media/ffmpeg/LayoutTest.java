package io.meetrec.recorder.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every struct offset the bindings use equals offsetof() in the installed ffmpeg headers. */
class LayoutTest {

  @Test
  void mappedOffsetsMatchTheInstalledHeaders(@TempDir Path dir) throws Exception {
    Path gcc = Requirements.program("gcc", "apt-get install gcc");
    Requirements.file(
        Path.of("/usr/include/x86_64-linux-gnu/libavformat/avformat.h"),
        "apt-get install libavformat-dev libavcodec-dev libavutil-dev");
    StringBuilder source =
        new StringBuilder(
            "#include <stdio.h>\n#include <stddef.h>\n#include <libavformat/avformat.h>\n"
                + "#include <libavcodec/avcodec.h>\nint main(void) {\n");
    Layout.OFFSETS.keySet().stream()
        .sorted()
        .forEach(
            member -> {
              String[] parts = member.split("\\.");
              source.append(
                  "  printf(\"%s %zu\\n\", \""
                      + member
                      + "\", offsetof("
                      + parts[0]
                      + ", "
                      + parts[1]
                      + "));\n");
            });
    Layout.SIZES
        .keySet()
        .forEach(
            type ->
                source.append(
                    "  printf(\"%s %zu\\n\", \"sizeof " + type + "\", sizeof(" + type + "));\n"));
    source.append("  return 0;\n}\n");
    Path c = Files.writeString(dir.resolve("offsets.c"), source);
    Path program = dir.resolve("offsets");
    run(gcc.toString(), "-I/usr/include/x86_64-linux-gnu", c.toString(), "-o", program.toString());
    Map<String, Integer> headers = new HashMap<>();
    for (String line : run(program.toString()).split("\n")) {
      int space = line.lastIndexOf(' ');
      headers.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
    }
    Map<String, Integer> expected = new HashMap<>(Layout.OFFSETS);
    Layout.SIZES.forEach((type, size) -> expected.put("sizeof " + type, size));
    assertThat(headers).isEqualTo(expected);
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
