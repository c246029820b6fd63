package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import io.meetrec.infra.kubernetes.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment creates its own network and cluster: a VPC with private services access for
 * Memorystore, a cluster with an untainted pool for kube-dns, Flux, KEDA and the sealed-secrets
 * controller beside the tainted recorder pool, Workload Identity bindings after the pool exists,
 * and an upgrade strategy that lets the longest recording finish.
 */
class ClusterAndNetworkTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void aClusterIsCreatedWithASchedulableUntaintedPoolForSystemPods(String env) {
    TfTree tree = TfTree.environment(env);
    List<Map.Entry<Mod, Block>> clusters = of(tree, "google_container_cluster");
    assertThat(clusters).as("google_container_cluster in %s", env).hasSize(1);
    Body cluster = clusters.get(0).getValue().body();
    assertThat(cluster.attribute("count"))
        .as("the cluster is created in every environment")
        .isEmpty();
    boolean defaultPoolRemoved =
        cluster
            .attribute("remove_default_node_pool")
            .map(a -> a.value().text())
            .orElse("false")
            .equals("true");
    List<Block> pools =
        of(tree, "google_container_node_pool").stream().map(Map.Entry::getValue).toList();
    List<String> untainted = new ArrayList<>();
    for (Block pool : pools) {
      Body config =
          pool.body().blocks("node_config").stream().findFirst().map(Block::body).orElse(null);
      boolean tainted = config != null && !config.blocks("taint").isEmpty();
      if (!tainted && minNodes(pool.body()) >= 1) {
        untainted.add(pool.label(1));
      }
    }
    if (defaultPoolRemoved) {
      assertThat(untainted).as("untainted pools with at least one node in %s", env).isNotEmpty();
    }
    assertThat(pools)
        .as("a tainted recorder pool")
        .anyMatch(
            p ->
                p.body().blocks("node_config").stream()
                    .anyMatch(c -> !c.body().blocks("taint").isEmpty()));
  }

  @ParameterizedTest
  @MethodSource("environments")
  void theNetworkIsCreatedWithPrivateServicesAccessForRedis(String env) {
    TfTree tree = TfTree.environment(env);
    assertThat(of(tree, "google_compute_network")).as("VPC in %s", env).hasSize(1);
    Block network = of(tree, "google_compute_network").get(0).getValue();
    assertThat(network.body().attribute("auto_create_subnetworks").map(a -> a.value().text()))
        .contains("false");
    assertThat(of(tree, "google_compute_subnetwork")).isNotEmpty();
    Block range =
        of(tree, "google_compute_global_address").stream()
            .map(Map.Entry::getValue)
            .filter(b -> "VPC_PEERING".equals(literal(b.body(), "purpose")))
            .findFirst()
            .orElse(null);
    assertThat(range).as("an allocated range for private services access").isNotNull();
    assertThat(of(tree, "google_service_networking_connection")).isNotEmpty();
    Block redis = of(tree, "google_redis_instance").get(0).getValue();
    String redisText = text(redis.body());
    assertThat(redisText)
        .as("Memorystore waits for the peering it connects through")
        .containsAnyOf("google_service_networking_connection", "var . private_services_range");
    String redisCall =
        tree.module("meetrec-environment").calls().stream()
            .filter(c -> c.label(0).equals("redis"))
            .findFirst()
            .map(c -> text(c.body()))
            .orElse("");
    // The range name is read from the peering resource's attribute, so Redis waits for it.
    assertThat(redisCall).contains("module . network . private_services_range");
    assertThat(
            of(tree, "google_service_networking_connection").get(0).getKey().blocks().stream()
                .filter(
                    b -> "output".equals(b.type()) && "private_services_range".equals(b.label(0)))
                .map(b -> text(b.body()))
                .findFirst()
                .orElse(""))
        .contains("google_service_networking_connection");
    Block cluster = of(tree, "google_container_cluster").get(0).getValue();
    assertThat(text(cluster.body())).doesNotContain("\"default\"");
  }

  @ParameterizedTest
  @MethodSource("environments")
  void workloadIdentityBindingsWaitForTheCluster(String env) {
    TfTree tree = TfTree.environment(env);
    List<String> early = new ArrayList<>();
    for (Map.Entry<Mod, Block> r : tree.resources()) {
      String member =
          r.getValue()
              .body()
              .attribute("member")
              .map(a -> HclValue.text(a.value().tokens()))
              .orElse("");
      if (!(member.contains("svc.id.goog")
          || member.contains("workloadIdentityPools")
          || member.contains("flux_source_controller"))) {
        continue;
      }
      if (!waitsForCluster(r.getKey(), r.getValue())) {
        early.add(r.getKey().address() + " " + r.getValue().label(0) + "." + r.getValue().label(1));
      }
    }
    Mod environment = tree.module("meetrec-environment");
    for (Block call : environment.calls()) {
      String text = text(call.body());
      if (text.contains("flux_source_controller") || text.contains("svc.id.goog")) {
        early.add("module." + call.label(0) + " passes a Workload Identity member in a map");
      }
    }
    assertThat(early)
        .as("Workload Identity members granted before the pool exists in %s", env)
        .isEmpty();
  }

  private static boolean waitsForCluster(Mod m, Block b) {
    String dependsOn = b.body().attribute("depends_on").map(a -> a.value().text()).orElse("");
    if (dependsOn.contains("module . cluster")
        || dependsOn.contains("google_container_node_pool")) {
      return true;
    }
    for (Mod at = m; at != null && at.call() != null; at = at.parent()) {
      String callDepends =
          at.call().body().attribute("depends_on").map(a -> a.value().text()).orElse("");
      if (callDepends.contains("module . cluster")) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("environments")
  void recorderPoolUpgradesNeverCutTheLongestRecording(String env) {
    TfTree tree = TfTree.environment(env);
    Block pool =
        of(tree, "google_container_node_pool").stream()
            .map(Map.Entry::getValue)
            .filter(
                p ->
                    p.body().blocks("node_config").stream()
                        .anyMatch(c -> !c.body().blocks("taint").isEmpty()))
            .findFirst()
            .orElseThrow();
    Map<String, Object> deployment =
        Manifests.build("k8s/overlays/" + env).stream()
            .filter(o -> "Deployment".equals(o.get("kind")))
            .findFirst()
            .orElseThrow();
    long grace =
        ((Number) Manifests.path(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
            .longValue();
    Body upgrade =
        pool.body().blocks("upgrade_settings").stream().findFirst().map(Block::body).orElseThrow();
    // Surge upgrades and autoscaler scale-down give a pod at most about an hour (10 min for
    // scale-down); blue-green drains the old pool in batches and keeps it for the soak time.
    assertThat(literal(upgrade, "strategy"))
        .as("upgrade strategy of the recorder pool")
        .isEqualTo("BLUE_GREEN");
    Mod poolModule =
        of(tree, "google_container_node_pool").stream()
            .filter(e -> e.getValue() == pool)
            .findFirst()
            .orElseThrow()
            .getKey();
    Body blueGreen = upgrade.blocks("blue_green_settings").get(0).body();
    assertThat(seconds(value(poolModule, blueGreen, "node_pool_soak_duration")))
        .isGreaterThanOrEqualTo(grace);
    Body rollout = blueGreen.blocks("standard_rollout_policy").get(0).body();
    assertThat(seconds(value(poolModule, rollout, "batch_soak_duration")))
        .isGreaterThanOrEqualTo(grace);
    assertThat(rollout.attribute("batch_node_count").map(a -> a.value().text())).contains("1");
  }

  /** A literal, or the default of the module variable the attribute names. */
  private static String value(Mod m, Body body, String attribute) {
    String literal = literal(body, attribute);
    if (literal != null) {
      return literal;
    }
    String text = body.attribute(attribute).map(a -> a.value().text()).orElse("");
    java.util.regex.Matcher var = java.util.regex.Pattern.compile("^var \\. (\\w+)$").matcher(text);
    return var.find()
        ? m.variable(var.group(1)).map(v -> literal(v.body(), "default")).orElse(null)
        : null;
  }

  private static long seconds(String duration) {
    assertThat(duration).as("duration").isNotNull().endsWith("s");
    return (long) Double.parseDouble(duration.substring(0, duration.length() - 1));
  }

  private static long minNodes(Body pool) {
    Optional<Block> autoscaling = pool.blocks("autoscaling").stream().findFirst();
    String value =
        autoscaling
            .flatMap(
                a ->
                    a.body()
                        .attribute("total_min_node_count")
                        .or(() -> a.body().attribute("min_node_count")))
            .or(() -> pool.attribute("node_count"))
            .or(() -> pool.attribute("initial_node_count"))
            .map(a -> a.value().text())
            .orElse("0");
    return value.matches("\\d+")
        ? Long.parseLong(value)
        : 1; // a variable: checked by its validation
  }

  static List<Map.Entry<Mod, Block>> of(TfTree tree, String type) {
    return tree.resources().stream().filter(r -> r.getValue().label(0).equals(type)).toList();
  }

  private static String literal(Body body, String attribute) {
    return body.attribute(attribute).map(a -> a.value().stringLiteral()).orElse(null);
  }

  private static String text(Body body) {
    StringBuilder sb = new StringBuilder();
    body.attributes().forEach(a -> sb.append(a.value().text()).append('\n'));
    body.blocks().forEach(b -> sb.append(text(b.body())));
    return sb.toString();
  }
}
