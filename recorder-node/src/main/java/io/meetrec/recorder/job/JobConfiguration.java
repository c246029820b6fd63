package io.meetrec.recorder.job;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where jobs come from and how often the recorder asks for them.
 *
 * @param subscription the pull subscription on {@code recording-requests}. Defaults to {@code
 *     recording-requests-recorder}
 * @param pollEvery the pause between pulls that returned nothing or found no free slot. Defaults to
 *     500 ms
 * @param enabled whether this recorder takes jobs at all (a reaper-only node sets false). Defaults
 *     to true
 */
@ConfigurationProperties(JobConfiguration.PREFIX)
public record JobConfiguration(
    @Bindable(defaultValue = "recording-requests-recorder") String subscription,
    @Bindable(defaultValue = "500ms") Duration pollEvery,
    @Bindable(defaultValue = "true") boolean enabled) {

  public static final String PREFIX = "meetrec.recorder.job";
}
