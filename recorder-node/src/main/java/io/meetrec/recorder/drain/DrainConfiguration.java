package io.meetrec.recorder.drain;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How long a draining recorder waits for its sessions.
 *
 * @param gracePeriod the most a drain (SIGTERM or {@code /drain}) waits for running sessions; keep
 *     it a little under the pod's {@code terminationGracePeriodSeconds}. Defaults to 4 h
 */
@ConfigurationProperties(DrainConfiguration.PREFIX)
public record DrainConfiguration(@Bindable(defaultValue = "4h") Duration gracePeriod) {

  public static final String PREFIX = "meetrec.recorder.drain";
}
