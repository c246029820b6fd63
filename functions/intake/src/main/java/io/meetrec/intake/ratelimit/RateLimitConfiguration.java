package io.meetrec.intake.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Per-client request budget, counted in Redis so every function instance shares it.
 *
 * @param limit requests a client may make per window. Defaults to 120.
 * @param window the length of a window. Defaults to 60 s.
 */
@ConfigurationProperties(RateLimitConfiguration.PREFIX)
public record RateLimitConfiguration(
    @Bindable(defaultValue = "120") int limit, @Bindable(defaultValue = "60s") Duration window) {

  public static final String PREFIX = "meetrec.intake.rate-limit";
}
