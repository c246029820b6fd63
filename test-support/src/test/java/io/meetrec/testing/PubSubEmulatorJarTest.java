package io.meetrec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubSubEmulatorJarTest {

  @TempDir Path home;

  @Test
  void looksInTheSdkFoldersThenWhereCommonShUnpacksTheEmulatorZip() {
    List<Path> searched = PubSubEmulatorJar.searched("/sdk", home.toString());

    assertThat(searched)
        .containsExactly(
            Path.of("/sdk/platform/pubsub-emulator"),
            Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator"),
            Path.of("/usr/share/google-cloud-sdk/platform/pubsub-emulator"),
            Path.of("/opt/google-cloud-sdk/platform/pubsub-emulator"),
            home.resolve("google-cloud-sdk/platform/pubsub-emulator"),
            home.resolve(".cache/meetrec/pubsub-emulator"));
  }

  @Test
  void findsTheAllJarInTheFirstFolderThatHasOne() throws Exception {
    Path unpacked = home.resolve(".cache/meetrec/pubsub-emulator");
    Files.createDirectories(unpacked.resolve("lib"));
    Files.createFile(unpacked.resolve("lib/cloud-pubsub-emulator-0.8.30.jar"));
    Path jar = Files.createFile(unpacked.resolve("lib/cloud-pubsub-emulator-0.8.30-all.jar"));

    assertThat(PubSubEmulatorJar.find(List.of(home.resolve("no-sdk"), unpacked))).contains(jar);
    assertThat(PubSubEmulatorJar.find(List.of(home.resolve("no-sdk")))).isEmpty();
  }
}
