package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An empty project has almost no API enabled: every API a resource or the code uses must be enabled
 * by a {@code google_project_service} of the same apply, and everything else must wait for it.
 */
class ProjectServicesTest {

  /** Resource type prefix → the APIs creating (and running) such a resource needs. */
  static final Map<String, Set<String>> APIS = new LinkedHashMap<>();

  static {
    APIS.put("google_project_service", Set.of());
    APIS.put("terraform_data", Set.of());
    APIS.put("google_storage_", Set.of("storage.googleapis.com"));
    APIS.put("google_pubsub_", Set.of("pubsub.googleapis.com"));
    APIS.put("google_secret_manager_", Set.of("secretmanager.googleapis.com"));
    APIS.put("google_cloud_scheduler_", Set.of("cloudscheduler.googleapis.com"));
    APIS.put(
        "google_cloudfunctions2_",
        Set.of(
            "cloudfunctions.googleapis.com",
            "run.googleapis.com",
            "cloudbuild.googleapis.com",
            "artifactregistry.googleapis.com",
            "eventarc.googleapis.com"));
    APIS.put("google_cloud_run_", Set.of("run.googleapis.com"));
    APIS.put("google_redis_", Set.of("redis.googleapis.com", "servicenetworking.googleapis.com"));
    APIS.put("google_vpc_access_", Set.of("vpcaccess.googleapis.com"));
    APIS.put("google_container_", Set.of("container.googleapis.com", "compute.googleapis.com"));
    APIS.put("google_compute_", Set.of("compute.googleapis.com"));
    APIS.put("google_service_networking_", Set.of("servicenetworking.googleapis.com"));
    APIS.put("google_bigquery_", Set.of("bigquery.googleapis.com"));
    APIS.put("google_logging_", Set.of("logging.googleapis.com"));
    APIS.put("google_monitoring_", Set.of("monitoring.googleapis.com"));
    APIS.put("google_service_account", Set.of("iam.googleapis.com"));
    APIS.put(
        "google_project_iam_", Set.of("iam.googleapis.com", "cloudresourcemanager.googleapis.com"));
    APIS.put("google_artifact_registry_", Set.of("artifactregistry.googleapis.com"));
  }

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyApiAResourceOrTheCodeUsesIsEnabled(String env) {
    TfTree tree = TfTree.environment(env);
    Set<String> enabled = enabledServices(tree);
    Set<String> needed = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<Mod, Block> r : tree.resources()) {
      String type = r.getValue().label(0);
      APIS.entrySet().stream()
          .filter(e -> type.startsWith(e.getKey()))
          .findFirst()
          .ifPresentOrElse(e -> needed.addAll(e.getValue()), () -> unknown.add(type));
    }
    GoogleCalls.all().forEach(c -> needed.add(c.service()));
    assertThat(unknown).as("resource types without a known API").isEmpty();
    assertThat(enabled).as("google_project_service in %s", env).containsAll(needed);
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everythingElseWaitsForTheApis(String env) {
    TfTree tree = TfTree.environment(env);
    Mod environment = tree.module("meetrec-environment");
    List<String> notWaiting = new ArrayList<>();
    for (Block call : environment.calls()) {
      if (call.label(0).equals("project_services")) {
        continue;
      }
      String dependsOn = call.body().attribute("depends_on").map(a -> a.value().text()).orElse("");
      if (!dependsOn.contains("module . project_services")) {
        notWaiting.add("module." + call.label(0));
      }
    }
    for (Block b : environment.all("resource")) {
      String dependsOn = b.body().attribute("depends_on").map(a -> a.value().text()).orElse("");
      if (!dependsOn.contains("module . project_services")) {
        notWaiting.add(b.label(0) + "." + b.label(1));
      }
    }
    assertThat(notWaiting).as("created before the APIs are enabled in %s", env).isEmpty();
  }

  static Set<String> enabledServices(TfTree tree) {
    Set<String> enabled = new TreeSet<>();
    for (Map.Entry<Mod, Block> r : tree.resources()) {
      if (!r.getValue().label(0).equals("google_project_service")) {
        continue;
      }
      String forEach =
          r.getValue()
              .body()
              .attribute("for_each")
              .map(a -> HclValue.text(a.value().tokens()))
              .orElse("");
      java.util.regex.Matcher local =
          java.util.regex.Pattern.compile("local\\.(\\w+)").matcher(forEach);
      if (local.find() && r.getKey().localValue(local.group(1)) instanceof List<?> list) {
        list.forEach(s -> enabled.add((String) s));
      }
      r.getValue()
          .body()
          .attribute("service")
          .map(a -> a.value().stringLiteral())
          .ifPresent(enabled::add);
    }
    return enabled;
  }
}
