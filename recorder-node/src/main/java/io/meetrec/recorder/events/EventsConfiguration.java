package io.meetrec.recorder.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where recording events go and what signs them.
 *
 * @param topic the events topic. Defaults to {@code recording-events}
 * @param secretFile the recorder secret (base64, optionally {@code whsec_}-prefixed), re-read when
 *     the file changes. Defaults to {@code /var/run/secrets/meetrec/recorder-secret}
 * @param publishTimeout how long one publish may take before it is retried. Defaults to 30 s
 * @param attempts how many times a publish is tried before a terminal event is left to the outbox.
 *     Defaults to 5
 * @param outboxEvery how often this pod republishes terminal events left in the outbox. Defaults to
 *     15 s
 */
@ConfigurationProperties(EventsConfiguration.PREFIX)
public record EventsConfiguration(
    @Bindable(defaultValue = "recording-events") String topic,
    @Bindable(defaultValue = "/var/run/secrets/meetrec/recorder-secret") String secretFile,
    @Bindable(defaultValue = "30s") Duration publishTimeout,
    @Bindable(defaultValue = "5") int attempts,
    @Bindable(defaultValue = "15s") Duration outboxEvery) {

  public static final String PREFIX = "meetrec.recorder.events";
}
