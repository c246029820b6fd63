package io.meetrec.recorder.session;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How a recording session is driven.
 *
 * @param startTimeout how long the meeting page may take to signal it is ready; transient failures
 *     at start (join token, URL check) are retried within it too. Defaults to 30 s
 * @param tick how often a running session checks its stop conditions. Defaults to 500 ms
 * @param progressEvery how often progress is written to the store. Defaults to 5 s
 * @param stopPollEvery how often the stop flag is read from the store, in case the stop channel
 *     message was missed. Defaults to 5 s
 * @param defaultMaxDuration the limit for a job that gives none. Defaults to 4 h
 * @param maxDuration the policy maximum: no job records longer, whatever it asks for. Defaults to 4
 *     h (the intake's {@code max-duration-seconds})
 * @param finalizeMargin kept free below the drain grace period for finalizing and uploading: a job
 *     records at most the grace period minus this, so a draining pod never cuts one short. Defaults
 *     to 15 min
 */
@ConfigurationProperties(SessionConfiguration.PREFIX)
public record SessionConfiguration(
    @Bindable(defaultValue = "30s") Duration startTimeout,
    @Bindable(defaultValue = "500ms") Duration tick,
    @Bindable(defaultValue = "5s") Duration progressEvery,
    @Bindable(defaultValue = "5s") Duration stopPollEvery,
    @Bindable(defaultValue = "4h") Duration defaultMaxDuration,
    @Bindable(defaultValue = "4h") Duration maxDuration,
    @Bindable(defaultValue = "15m") Duration finalizeMargin) {

  public static final String PREFIX = "meetrec.recorder.session";

  /**
   * How long a job may record: what it asks for (or the default), capped at the policy maximum and
   * below {@code drainGrace}.
   */
  public Duration cap(int requestedSeconds, Duration drainGrace) {
    Duration d = requestedSeconds > 0 ? Duration.ofSeconds(requestedSeconds) : defaultMaxDuration;
    if (d.compareTo(maxDuration) > 0) {
      d = maxDuration;
    }
    Duration belowGrace = drainGrace.minus(finalizeMargin);
    if (belowGrace.isPositive() && d.compareTo(belowGrace) > 0) {
      d = belowGrace;
    }
    return d;
  }
}
