package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclParser;
import io.meetrec.infra.kubernetes.Manifests;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorder image comes from the repository the environment creates (no project nothing
 * creates), and every function is built by the build service account the environment creates.
 */
class ImagesAndBuildsTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  @SuppressWarnings("unchecked")
  void theOverlayPullsFromTheEnvironmentsOwnRegistry(String env) throws IOException {
    var tfvars =
        HclParser.parse(Repo.root().resolve("terraform/environments/" + env + "/terraform.tfvars"));
    String project = tfvars.attribute("project_id").orElseThrow().value().stringLiteral();
    String region = tfvars.attribute("region").orElseThrow().value().stringLiteral();
    TfTree tree = TfTree.environment(env);
    TfTree.Mod registry = tree.module("artifact-registry");
    String repository =
        registry
            .variable("repository_id")
            .orElseThrow()
            .body()
            .attribute("default")
            .orElseThrow()
            .value()
            .stringLiteral();
    Map<String, Object> deployment =
        Manifests.build("k8s/overlays/" + env).stream()
            .filter(o -> "Deployment".equals(o.get("kind")))
            .findFirst()
            .orElseThrow();
    String image =
        (String)
            ((List<Map<String, Object>>)
                    Manifests.path(deployment, "spec.template.spec.containers"))
                .get(0)
                .get("image");
    assertThat(image)
        .startsWith(region + "-docker.pkg.dev/" + project + "/" + repository + "/recorder-node:");
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyFunctionIsBuiltByTheEnvironmentsBuildAccount(String env) {
    TfTree tree = TfTree.environment(env);
    for (TfTree.Mod functions : tree.instances("functions")) {
      Block fn = functions.resource("google_cloudfunctions2_function", "main").orElseThrow();
      Block build = fn.body().blocks("build_config").get(0);
      assertThat(build.body().attribute("service_account").map(a -> a.value().text()))
          .contains("var . build_service_account");
      assertThat(functions.input("build_service_account").map(a -> a.value().text()))
          .as(functions.address())
          .contains("module . service_accounts . ids [ \"builder\" ]");
    }
    assertThat(tree.instances("functions")).hasSize(2);
  }
}
