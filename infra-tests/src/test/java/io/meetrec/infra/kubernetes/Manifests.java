package io.meetrec.infra.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Builds kustomize directories exactly as Flux's kustomize-controller does. */
public final class Manifests {
  private Manifests() {}

  public static List<String> buildPaths() {
    return List.of(
        "k8s/namespaces",
        "k8s/base/recorder",
        "k8s/overlays/dev",
        "k8s/overlays/staging",
        "k8s/overlays/prod",
        "k8s/overlays/developer-template",
        "k8s/infrastructure",
        "k8s/clusters/dev",
        "k8s/clusters/staging",
        "k8s/clusters/prod");
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> build(String relativePath) {
    String kubectl =
        Repo.tool("/usr/bin/kubectl", "apt-get install kubectl (or any kubectl >= 1.27)");
    Path root = Repo.root();
    Repo.Result result = Repo.run(root, List.of(kubectl, "kustomize", relativePath));
    assertThat(result.exitCode())
        .as("kubectl kustomize %s: %s", relativePath, result.stderr())
        .isZero();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(result.stdout())) {
      if (doc != null) {
        objects.add((Map<String, Object>) doc);
      }
    }
    assertThat(objects).as("objects built from %s", relativePath).isNotEmpty();
    return objects;
  }

  public static Map<String, Object> find(
      List<Map<String, Object>> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(path(o, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not built"));
  }

  @SuppressWarnings("unchecked")
  public static <T> T path(Object root, String dotted) {
    Object current = root;
    for (String key : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return (T) current;
  }
}
