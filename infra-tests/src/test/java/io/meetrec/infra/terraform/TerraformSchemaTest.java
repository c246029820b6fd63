package io.meetrec.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TerraformSchemaTest {

  static Stream<String> environments() throws IOException {
    try (Stream<Path> dirs = Files.list(Repo.root().resolve("terraform/environments"))) {
      List<String> names = dirs.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).contains("dev", "staging", "prod");
      return names.stream();
    }
  }

  static Stream<String> modules() throws IOException {
    try (Stream<Path> dirs = Files.list(Repo.root().resolve("terraform/modules"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void environmentRootAndEveryModuleItCallsMatchTheProviderSchema(String environment) {
    TerraformChecker checker = new TerraformChecker(ProviderSchema.load());
    Path root = Repo.root().resolve("terraform/environments").resolve(environment);
    checker.check(root);
    checker.checkTfvars(root);
    assertThat(checker.problems()).as("problems in %s", root).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("modules")
  void everyModuleMatchesTheProviderSchemaOnItsOwn(String module) {
    TerraformChecker checker = new TerraformChecker(ProviderSchema.load());
    assertThat(checker.check(Repo.root().resolve("terraform/modules").resolve(module))).isEmpty();
  }
}
