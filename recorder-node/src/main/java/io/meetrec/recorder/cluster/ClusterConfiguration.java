package io.meetrec.recorder.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The pod's {@code controller.kubernetes.io/pod-deletion-cost}, so a scale-down removes idle pods
 * first. Only active in a cluster ({@code kubernetes.client.enabled}).
 *
 * @param busyCost the cost per running session. Defaults to 1000
 * @param idleCost the cost of a pod with no session. Defaults to 0
 * @param podName the pod to annotate. Defaults to the name micronaut-kubernetes resolves (HOSTNAME)
 * @param namespace the pod's namespace. Defaults to the one micronaut-kubernetes resolves
 */
@ConfigurationProperties(ClusterConfiguration.PREFIX)
public record ClusterConfiguration(
    @Bindable(defaultValue = "1000") int busyCost,
    @Bindable(defaultValue = "0") int idleCost,
    @Nullable String podName,
    @Nullable String namespace) {

  public static final String PREFIX = "meetrec.recorder.cluster";
}
