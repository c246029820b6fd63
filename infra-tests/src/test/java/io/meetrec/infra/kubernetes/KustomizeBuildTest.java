package io.meetrec.infra.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KustomizeBuildTest {

  static Stream<String> paths() {
    return Manifests.buildPaths().stream();
  }

  @ParameterizedTest
  @MethodSource("paths")
  void buildsAndEveryObjectValidates(String path) {
    List<Map<String, Object>> objects = Manifests.build(path);
    assertThat(objects.stream().flatMap(o -> ObjectValidator.validate(o).stream()).toList())
        .as("invalid objects in %s", path)
        .isEmpty();
  }

  @Test
  void coreValidatorRefusesUnknownFields() {
    Map<String, Object> deployment =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "x"),
            "spec",
            Map.of("replicas", 1, "terminationGracePeriod", 30));
    assertThat(ObjectValidator.validate(deployment))
        .singleElement()
        .asString()
        .contains("terminationGracePeriod");
  }

  @Test
  void customResourceValidatorRefusesFieldsOutsideItsWhitelist() {
    Map<String, Object> kustomization =
        Map.of(
            "apiVersion",
            "kustomize.toolkit.fluxcd.io/v1",
            "kind",
            "Kustomization",
            "metadata",
            Map.of("name", "x"),
            "spec",
            Map.of("path", "./k8s", "dependOn", List.of(Map.of("name", "y"))));
    assertThat(ObjectValidator.validate(kustomization))
        .singleElement()
        .asString()
        .contains("spec.dependOn.name");
  }

  /**
   * Each cluster applies its own overlay and reads its own GitOps bucket (order: FluxOrderTest).
   */
  @Test
  void eachClusterAppliesItsOwnOverlayAndBucket() {
    for (String env : List.of("dev", "staging", "prod")) {
      List<Map<String, Object>> objects = Manifests.build("k8s/clusters/" + env);
      Map<String, Object> secrets = Manifests.find(objects, "Kustomization", "recorder-secrets");
      Map<String, Object> recorder = Manifests.find(objects, "Kustomization", "recorder");
      assertThat((String) Manifests.path(recorder, "spec.path")).isEqualTo("./k8s/overlays/" + env);
      assertThat((String) Manifests.path(secrets, "spec.sourceRef.kind")).isEqualTo("Bucket");
      assertThat(dependsOn(recorder)).contains("recorder-secrets");
      Map<String, Object> bucket = Manifests.find(objects, "Bucket", "meetrec-sealed-secrets");
      assertThat((String) Manifests.path(bucket, "spec.bucketName"))
          .isEqualTo("meetrec-" + env + "-meetrec-gitops");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> dependsOn(Map<String, Object> kustomization) {
    List<Map<String, Object>> entries = Manifests.path(kustomization, "spec.dependsOn");
    return entries.stream().map(e -> (String) e.get("name")).toList();
  }
}
