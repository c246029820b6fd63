package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.terraform.ProviderSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every root locks the google provider to the version whose schema the offline checks use. */
class ProviderLockTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void theLockFilePinsTheCheckedProviderVersion(String env) throws IOException {
    Path root = Repo.root().resolve("terraform/environments").resolve(env);
    Path lock = root.resolve(".terraform.lock.hcl");
    assertThat(lock).as("lock file of %s", env).exists();
    String text = Files.readString(lock);
    Matcher block =
        Pattern.compile(
                "provider \"registry\\.terraform\\.io/hashicorp/google\" \\{\\s*version\\s*=\\s*\"([0-9.]+)\"")
            .matcher(text);
    assertThat(block.find()).as("google provider in %s", lock).isTrue();
    assertThat(block.group(1)).isEqualTo(ProviderSchema.load().version());
    assertThat(text).contains("zh:");
    String versions = Files.readString(root.resolve("versions.tf"));
    assertThat(versions).contains("version = \"" + ProviderSchema.load().version() + "\"");
  }
}
