package io.meetrec.recorder.sweep;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The queue sweeper: one recorder at a time (the leader, elected through Redis) ends queued
 * recordings whose job expired, whatever happened to their message.
 *
 * @param enabled run the sweeper on this recorder. Defaults to true.
 * @param every how often the leader sweeps (and every recorder tries to lead). Defaults to 15
 *     seconds.
 * @param batch how many overdue recordings one sweep ends at most. Defaults to 100.
 */
@ConfigurationProperties(SweepConfiguration.PREFIX)
public record SweepConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "15s") Duration every,
    @Bindable(defaultValue = "100") int batch) {

  public static final String PREFIX = "meetrec.recorder.sweep";
}
