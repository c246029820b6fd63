package io.meetrec.recorder.cluster;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import io.meetrec.recorder.session.SlotsChanged;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.kubernetes.client.NamespaceResolver;
import io.micronaut.kubernetes.client.PodNameResolver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code controller.kubernetes.io/pod-deletion-cost} on this pod current, so that when the
 * Deployment scales down the ReplicaSet controller deletes idle recorders before busy ones, and
 * {@code cluster-autoscaler.kubernetes.io/safe-to-evict} "false" while a session runs, so the
 * cluster autoscaler (which gives an evicted pod at most 10 min) never removes a recording node.
 * The pod may patch pods of its namespace (Role recorder-pod-annotations, k8s/base/recorder).
 * Exists only in a cluster (the {@code k8s} environment, where application-k8s.yml enables the
 * client); patches run off the session threads, latest value wins.
 */
@Singleton
@Requires(env = Environment.KUBERNETES)
@Requires(property = "kubernetes.client.enabled", value = "true")
@Requires(beans = CoreV1Api.class)
public class PodDeletionCost implements ApplicationEventListener<SlotsChanged> {

  static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
  static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
  private static final Logger LOG = LoggerFactory.getLogger(PodDeletionCost.class);

  private final CoreV1Api api;
  private final ApiClient client;
  private final ClusterConfiguration config;
  private final String pod;
  private final String namespace;
  private final ExecutorService patches = Executors.newSingleThreadExecutor();
  private volatile int lastCost = Integer.MIN_VALUE;

  public PodDeletionCost(
      CoreV1Api api,
      ApiClient client,
      ClusterConfiguration config,
      PodNameResolver pods,
      NamespaceResolver namespaces) {
    this.api = api;
    this.client = client;
    this.config = config;
    this.pod = config.podName() != null ? config.podName() : pods.getPodName().orElse(null);
    this.namespace =
        config.namespace() != null ? config.namespace() : namespaces.resolveNamespace();
  }

  @Override
  public void onApplicationEvent(SlotsChanged event) {
    int cost = event.sessions() == 0 ? config.idleCost() : config.busyCost() * event.sessions();
    if (pod == null || cost == lastCost) {
      return;
    }
    patches.execute(() -> patch(cost));
  }

  /** The merge patch for a pod running {@code cost} worth of sessions (0 = idle). */
  static String patchBody(int cost, int idleCost) {
    return "{\"metadata\":{\"annotations\":{\""
        + ANNOTATION
        + "\":\""
        + cost
        + "\",\""
        + SAFE_TO_EVICT
        + "\":\""
        + (cost == idleCost)
        + "\"}}}";
  }

  private void patch(int cost) {
    String body = patchBody(cost, config.idleCost());
    try {
      PatchUtils.patch(
          V1Pod.class,
          () -> api.patchNamespacedPod(pod, namespace, new V1Patch(body)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          client);
      lastCost = cost;
      LOG.info("pod-deletion-cost of {} set to {}", pod, cost);
    } catch (ApiException e) {
      LOG.warn("pod-deletion-cost not updated ({}): {}", e.getCode(), e.getMessage());
    }
  }

  @PreDestroy
  void close() {
    patches.shutdown();
  }
}
