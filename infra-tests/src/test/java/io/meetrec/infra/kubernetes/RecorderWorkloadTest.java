package io.meetrec.infra.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The recorder Deployment as the cluster runs it: scaling, scraping, RBAC, memory, disruption. */
@SuppressWarnings("unchecked")
class RecorderWorkloadTest {

  private static Map<String, Object> one(List<Map<String, Object>> objects, String kind) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " built"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void theAutoscaledDeploymentSetsNoReplicas(String overlay) {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, Object> deployment = one(objects, "Deployment");
    Map<String, Object> scaler = one(objects, "ScaledObject");
    assertThat((String) Manifests.path(scaler, "spec.scaleTargetRef.name"))
        .isEqualTo(Manifests.path(deployment, "metadata.name"));
    // Flux would reset replicas on every reconcile and fight KEDA's HPA.
    assertThat((Map<String, Object>) Manifests.path(deployment, "spec"))
        .doesNotContainKey("replicas");
  }

  /**
   * Desired pods = waiting requests + busy slots: scaling on the backlog alone removes busy pods as
   * soon as the queue empties. The busy-slot metric is the recorder's own gauge, scraped by Managed
   * Prometheus, so it exists in Cloud Monitoring.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void scalingCountsTheBacklogPlusBusySlotsOfAMetricThatExists(String overlay) throws IOException {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, Object> scaler = one(objects, "ScaledObject");
    List<Map<String, Object>> triggers = Manifests.path(scaler, "spec.triggers");
    Map<String, Object> backlog =
        triggers.stream().filter(t -> "gcp-pubsub".equals(t.get("type"))).findFirst().orElseThrow();
    Map<String, Object> busy =
        triggers.stream()
            .filter(t -> "gcp-stackdriver".equals(t.get("type")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no trigger on busy slots"));
    String formula = Manifests.path(scaler, "spec.advanced.scalingModifiers.formula");
    assertThat(formula).as("scalingModifiers.formula").isNotNull();
    assertThat(formula.replace(" ", ""))
        .isIn(
            backlog.get("name") + "+" + busy.get("name"),
            busy.get("name") + "+" + backlog.get("name"));

    String filter = Manifests.path(busy, "metadata.filter");
    Matcher metric =
        Pattern.compile("prometheus\\.googleapis\\.com/([a-z_]+)/gauge").matcher(filter);
    assertThat(metric.find()).as("busy-slot filter %s", filter).isTrue();
    String gauges =
        Files.readString(
            Repo.root()
                .resolve(
                    "recorder-node/src/main/java/io/meetrec/recorder/metrics/SlotGauges.java"));
    Matcher registered = Pattern.compile("Gauge\\.builder\\(\"([a-z.]+)\"").matcher(gauges);
    List<String> names = new ArrayList<>();
    while (registered.find()) {
      names.add(registered.group(1).replace('.', '_'));
    }
    assertThat(names).as("gauges the recorder registers").contains(metric.group(1));

    Map<String, Object> monitoring = one(objects, "PodMonitoring");
    Map<String, Object> deployment = one(objects, "Deployment");
    assertThat((Map<String, Object>) Manifests.path(monitoring, "spec.selector.matchLabels"))
        .isEqualTo(Manifests.path(deployment, "spec.selector.matchLabels"));
    List<Map<String, Object>> endpoints = Manifests.path(monitoring, "spec.endpoints");
    assertThat(endpoints)
        .anyMatch(e -> "/prometheus".equals(e.get("path")) && "http".equals(e.get("port")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void thePodMayPatchItsOwnAnnotationsInItsNamespace(String overlay) {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, Object> deployment = one(objects, "Deployment");
    String ksa = Manifests.path(deployment, "spec.template.spec.serviceAccountName");
    Map<String, Object> role = one(objects, "Role");
    Map<String, Object> binding = one(objects, "RoleBinding");
    List<Map<String, Object>> rules = Manifests.path(role, "rules");
    assertThat(rules)
        .anyMatch(
            r ->
                ((List<String>) r.get("resources")).contains("pods")
                    && ((List<String>) r.get("verbs")).contains("patch"));
    assertThat(rules).allMatch(r -> !((List<String>) r.get("resources")).contains("*"));
    assertThat((String) Manifests.path(binding, "roleRef.name"))
        .isEqualTo(Manifests.path(role, "metadata.name"));
    List<Map<String, Object>> subjects = Manifests.path(binding, "subjects");
    assertThat(subjects)
        .anyMatch(s -> "ServiceAccount".equals(s.get("kind")) && ksa.equals(s.get("name")));
  }

  /** /dev/shm is memory-backed: its size counts against the container's memory limit. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void sharedMemoryIsBudgetedInTheMemoryLimit(String overlay) {
    Map<String, Object> deployment = one(Manifests.build("k8s/overlays/" + overlay), "Deployment");
    Map<String, Object> container =
        ((List<Map<String, Object>>) Manifests.path(deployment, "spec.template.spec.containers"))
            .get(0);
    long request = bytes(Manifests.path(container, "resources.requests.memory"));
    long limit = bytes(Manifests.path(container, "resources.limits.memory"));
    List<Map<String, Object>> volumes = Manifests.path(deployment, "spec.template.spec.volumes");
    long shm =
        volumes.stream()
            .filter(v -> "Memory".equals(Manifests.path(v, "emptyDir.medium")))
            .mapToLong(v -> bytes(Manifests.path(v, "emptyDir.sizeLimit")))
            .sum();
    assertThat(limit)
        .as("memory limit >= request + memory-backed volumes")
        .isGreaterThanOrEqualTo(request + shm);
  }

  /** A personal recorder is selected by its own PDB only, and pulls only its own jobs. */
  @org.junit.jupiter.api.Test
  void developerPodsAreSelectedByTheirOwnDisruptionBudgetOnly() {
    List<Map<String, Object>> dev = Manifests.build("k8s/overlays/dev");
    List<Map<String, Object>> personal = Manifests.build("k8s/overlays/developer-template");
    Map<String, Object> labels =
        Manifests.path(one(personal, "Deployment"), "spec.template.metadata.labels");
    List<Map<String, Object>> budgets = new ArrayList<>();
    for (List<Map<String, Object>> objects : List.of(dev, personal)) {
      objects.stream()
          .filter(o -> "PodDisruptionBudget".equals(o.get("kind")))
          .forEach(budgets::add);
    }
    long selecting =
        budgets.stream()
            .filter(
                b ->
                    labels
                        .entrySet()
                        .containsAll(
                            ((Map<String, Object>) Manifests.path(b, "spec.selector.matchLabels"))
                                .entrySet()))
            .count();
    assertThat(selecting).as("PDBs selecting the developer's pods %s", labels).isEqualTo(1);
    Map<String, Object> shared =
        Manifests.path(one(dev, "Deployment"), "spec.template.metadata.labels");
    long sharedSelecting =
        budgets.stream()
            .filter(
                b ->
                    shared
                        .entrySet()
                        .containsAll(
                            ((Map<String, Object>) Manifests.path(b, "spec.selector.matchLabels"))
                                .entrySet()))
            .count();
    assertThat(sharedSelecting).as("PDBs selecting the shared pods").isEqualTo(1);
  }

  static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
    assertThat(m.matches()).as("quantity %s", quantity).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "" : m.group(2)) {
      case "Ki" -> n << 10;
      case "Mi" -> n << 20;
      case "Gi" -> n << 30;
      default -> n;
    };
  }
}
