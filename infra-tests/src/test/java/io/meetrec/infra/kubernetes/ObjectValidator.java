package io.meetrec.infra.kubernetes;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates built objects: core kinds through the official Kubernetes Java model (unknown fields
 * and wrong types are refused), custom resources through a per-kind field whitelist.
 */
public final class ObjectValidator {
  private static final Gson GSON = new Gson();

  interface Parser {
    Object parse(String json) throws IOException;
  }

  private static final Map<String, Parser> CORE =
      Map.of(
          "v1/Namespace", V1Namespace::fromJson,
          "v1/ServiceAccount", V1ServiceAccount::fromJson,
          "v1/ConfigMap", V1ConfigMap::fromJson,
          "apps/v1/Deployment", V1Deployment::fromJson,
          "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson,
          "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::fromJson,
          "rbac.authorization.k8s.io/v1/Role", V1Role::fromJson,
          "rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding::fromJson);

  private static final Set<String> METADATA =
      Set.of("metadata.name", "metadata.namespace", "metadata.labels.*", "metadata.annotations.*");

  /** Allowed field paths per custom kind; {@code x.*} allows anything below x. */
  private static final Map<String, Set<String>> CUSTOM =
      Map.of(
          "keda.sh/v1alpha1/ScaledObject",
          Set.of(
              "spec.scaleTargetRef.name",
              "spec.minReplicaCount",
              "spec.maxReplicaCount",
              "spec.pollingInterval",
              "spec.cooldownPeriod",
              "spec.advanced.horizontalPodAutoscalerConfig.behavior.*",
              "spec.advanced.scalingModifiers.formula",
              "spec.advanced.scalingModifiers.target",
              "spec.advanced.scalingModifiers.activationTarget",
              "spec.advanced.scalingModifiers.metricType",
              "spec.triggers.type",
              "spec.triggers.name",
              "spec.triggers.metadata.projectId",
              "spec.triggers.metadata.filter",
              "spec.triggers.metadata.targetValue",
              "spec.triggers.metadata.alignmentPeriodSeconds",
              "spec.triggers.metadata.alignmentAligner",
              "spec.triggers.metadata.alignmentReducer",
              "spec.triggers.metadata.valueIfNull",
              "spec.triggers.authenticationRef.name",
              "spec.triggers.metadata.subscriptionName",
              "spec.triggers.metadata.mode",
              "spec.triggers.metadata.value",
              "spec.triggers.metadata.activationValue"),
          "keda.sh/v1alpha1/TriggerAuthentication",
          Set.of("spec.podIdentity.provider"),
          "source.toolkit.fluxcd.io/v1/GitRepository",
          Set.of("spec.interval", "spec.url", "spec.ref.branch", "spec.ignore"),
          "source.toolkit.fluxcd.io/v1/Bucket",
          Set.of(
              "spec.interval", "spec.provider", "spec.bucketName", "spec.endpoint", "spec.prefix"),
          "source.toolkit.fluxcd.io/v1/HelmRepository",
          Set.of("spec.interval", "spec.url"),
          "helm.toolkit.fluxcd.io/v2/HelmRelease",
          Set.of(
              "spec.interval",
              "spec.chart.spec.chart",
              "spec.chart.spec.version",
              "spec.chart.spec.sourceRef.kind",
              "spec.chart.spec.sourceRef.name",
              "spec.targetNamespace",
              "spec.releaseName",
              "spec.values.*"),
          "kustomize.toolkit.fluxcd.io/v1/Kustomization",
          Set.of(
              "spec.interval",
              "spec.dependsOn.name",
              "spec.sourceRef.kind",
              "spec.sourceRef.name",
              "spec.path",
              "spec.prune",
              "spec.wait",
              "spec.timeout",
              "spec.targetNamespace",
              "spec.postBuild.substitute.*"),
          "monitoring.googleapis.com/v1/PodMonitoring",
          Set.of(
              "spec.selector.matchLabels.*",
              "spec.endpoints.port",
              "spec.endpoints.path",
              "spec.endpoints.interval"),
          "bitnami.com/v1alpha1/SealedSecret",
          Set.of("spec.encryptedData.*", "spec.template.metadata.*", "spec.template.type"));

  private ObjectValidator() {}

  /** Problems of one object; empty when valid. */
  public static List<String> validate(Map<String, Object> object) {
    String key = object.get("apiVersion") + "/" + object.get("kind");
    String name = key + " " + Manifests.path(object, "metadata.name");
    List<String> problems = new ArrayList<>();
    Parser parser = CORE.get(key);
    if (parser != null) {
      try {
        parser.parse(GSON.toJson(object));
      } catch (RuntimeException | IOException e) {
        problems.add(name + ": " + e.getMessage());
      }
      return problems;
    }
    Set<String> allowed = CUSTOM.get(key);
    if (allowed == null) {
      problems.add(name + ": kind not known to the validator");
      return problems;
    }
    for (Map.Entry<String, Object> e : object.entrySet()) {
      if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(e.getKey())) {
        problems.add(name + ": unexpected top-level field " + e.getKey());
      }
    }
    walk(object.get("metadata"), "metadata", METADATA, name, problems);
    walk(object.get("spec"), "spec", allowed, name, problems);
    return problems;
  }

  private static void walk(
      Object value, String path, Set<String> allowed, String name, List<String> problems) {
    if (allowed.contains(path) || coveredByWildcard(path, allowed)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), allowed, name, problems);
      }
    } else if (value instanceof List<?> list) {
      list.forEach(item -> walk(item, path, allowed, name, problems));
    } else {
      problems.add(name + ": field " + path + " is not allowed");
    }
  }

  private static boolean coveredByWildcard(String path, Set<String> allowed) {
    for (String a : allowed) {
      if (a.endsWith(".*") && path.startsWith(a.substring(0, a.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
