package io.meetrec.infra.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flux applies each Kustomization only after those it depends on are ready: a namespace must be
 * created by the Kustomization itself or by one it (transitively) depends on before anything
 * applies into it, and the dependencies must not form a cycle, or {@code flux bootstrap} waits
 * forever.
 */
class FluxOrderTest {
  /** Namespaces every GKE cluster (and flux bootstrap) has before Flux applies anything. */
  private static final Set<String> PRESENT = Set.of("flux-system", "kube-system", "default");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyNamespaceExistsBeforeAnythingAppliesIntoIt(String env) {
    Map<String, Map<String, Object>> kustomizations = kustomizations(env);
    List<String> wrong = new ArrayList<>();
    Map<String, Set<String>> creates = new HashMap<>();
    Map<String, Set<String>> appliesInto = new HashMap<>();
    for (var k : kustomizations.entrySet()) {
      Set<String> created = new HashSet<>();
      Set<String> into = new HashSet<>();
      String target = Manifests.path(k.getValue(), "spec.targetNamespace");
      if (target != null) {
        into.add(target);
      }
      if ("GitRepository".equals(Manifests.path(k.getValue(), "spec.sourceRef.kind"))) {
        String path =
            ((String) Manifests.path(k.getValue(), "spec.path")).replaceFirst("^\\./", "");
        for (Map<String, Object> o : Manifests.build(path)) {
          if ("Namespace".equals(o.get("kind"))) {
            created.add(Manifests.path(o, "metadata.name"));
          }
          String ns = target != null ? target : Manifests.path(o, "metadata.namespace");
          if (ns != null) {
            into.add(ns);
          }
          String helmTarget = Manifests.path(o, "spec.targetNamespace");
          if ("HelmRelease".equals(o.get("kind")) && helmTarget != null) {
            into.add(helmTarget);
          }
        }
      }
      creates.put(k.getKey(), created);
      appliesInto.put(k.getKey(), into);
    }
    for (var k : kustomizations.keySet()) {
      Set<String> before = new HashSet<>(creates.get(k));
      for (String dep : ancestors(kustomizations, k)) {
        before.addAll(creates.getOrDefault(dep, Set.of()));
      }
      for (String ns : appliesInto.get(k)) {
        if (!PRESENT.contains(ns) && !before.contains(ns)) {
          wrong.add(k + " applies into " + ns + ", which nothing before it creates");
        }
      }
    }
    assertThat(wrong).as("Flux order in %s", env).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void dependenciesExistAndHaveNoCycle(String env) {
    Map<String, Map<String, Object>> kustomizations = kustomizations(env);
    for (String k : kustomizations.keySet()) {
      for (String dep : dependsOn(kustomizations.get(k))) {
        assertThat(kustomizations).as("%s depends on %s", k, dep).containsKey(dep);
      }
      assertThat(ancestors(kustomizations, k)).as("%s depends on itself", k).doesNotContain(k);
    }
  }

  static Map<String, Map<String, Object>> kustomizations(String env) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (Map<String, Object> o : Manifests.build("k8s/clusters/" + env)) {
      if ("Kustomization".equals(o.get("kind"))
          && String.valueOf(o.get("apiVersion")).startsWith("kustomize.toolkit.fluxcd.io")) {
        out.put(Manifests.path(o, "metadata.name"), o);
      }
    }
    return out;
  }

  static Set<String> ancestors(Map<String, Map<String, Object>> all, String start) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>(dependsOn(all.get(start)));
    while (!queue.isEmpty()) {
      String next = queue.remove(0);
      if (seen.add(next) && all.containsKey(next)) {
        queue.addAll(dependsOn(all.get(next)));
      }
    }
    return seen;
  }

  static List<String> dependsOn(Map<String, Object> kustomization) {
    List<Map<String, Object>> entries = Manifests.path(kustomization, "spec.dependsOn");
    return entries == null ? List.of() : entries.stream().map(e -> (String) e.get("name")).toList();
  }
}
