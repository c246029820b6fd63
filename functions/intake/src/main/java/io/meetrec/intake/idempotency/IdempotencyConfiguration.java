package io.meetrec.intake.idempotency;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * @param ttl how long an {@code Idempotency-Key} is remembered. Defaults to 24 h.
 */
@ConfigurationProperties(IdempotencyConfiguration.PREFIX)
public record IdempotencyConfiguration(@Bindable(defaultValue = "24h") Duration ttl) {

  public static final String PREFIX = "meetrec.intake.idempotency";
}
