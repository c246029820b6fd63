package io.meetrec.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerraformFormatTest {

  @Test
  void everyTerraformFileIsCanonicallyFormatted() {
    String terraform =
        Repo.tool("/usr/local/bin/terraform", "install Terraform >= 1.5 (releases.hashicorp.com)");
    Repo.Result result =
        Repo.run(
            Repo.root(), List.of(terraform, "fmt", "-check", "-recursive", "-diff", "terraform"));
    assertThat(result.exitCode())
        .as("terraform fmt -check -recursive terraform/:\n%s%s", result.stdout(), result.stderr())
        .isZero();
  }
}
