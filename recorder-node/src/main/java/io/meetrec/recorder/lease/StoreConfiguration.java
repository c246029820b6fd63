package io.meetrec.recorder.lease;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the recorder talks to Redis, set explicitly rather than left to Lettuce's defaults (a 60 s
 * command timeout, reconnects backing off to 30 s), which would let one failover stall a session
 * for a minute and come back long after Redis did.
 *
 * @param commandTimeout how long one Redis command may take before it fails (and the caller
 *     retries); several fit in one lease. Defaults to 5 s
 * @param reconnectMaxDelay the longest wait between reconnect attempts after Redis went away.
 *     Defaults to 2 s
 */
@ConfigurationProperties(StoreConfiguration.PREFIX)
public record StoreConfiguration(
    @Bindable(defaultValue = "5s") Duration commandTimeout,
    @Bindable(defaultValue = "2s") Duration reconnectMaxDelay) {

  public static final String PREFIX = "meetrec.recorder.store";
}
