package io.meetrec.recorder.session;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How a recording session is driven.
 *
 * @param startTimeout how long the meeting page may take to signal it is ready. Defaults to 30 s
 * @param tick how often a running session checks its stop conditions. Defaults to 500 ms
 * @param progressEvery how often progress is written to the store. Defaults to 5 s
 * @param stopPollEvery how often the stop flag is read from the store, in case the stop channel
 *     message was missed. Defaults to 5 s
 * @param defaultMaxDuration the limit for a job that gives none. Defaults to 4 h
 */
@ConfigurationProperties(SessionConfiguration.PREFIX)
public record SessionConfiguration(
    @Bindable(defaultValue = "30s") Duration startTimeout,
    @Bindable(defaultValue = "500ms") Duration tick,
    @Bindable(defaultValue = "5s") Duration progressEvery,
    @Bindable(defaultValue = "5s") Duration stopPollEvery,
    @Bindable(defaultValue = "4h") Duration defaultMaxDuration) {

  public static final String PREFIX = "meetrec.recorder.session";
}
