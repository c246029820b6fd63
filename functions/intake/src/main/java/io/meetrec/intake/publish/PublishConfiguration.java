package io.meetrec.intake.publish;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where jobs are published.
 *
 * @param projectId defaults to {@code GCP_PROJECT_ID}.
 * @param topic defaults to {@code recording-requests}.
 * @param emulatorHost {@code host:port} of a Pub/Sub emulator; defaults to {@code
 *     PUBSUB_EMULATOR_HOST}, none in the cloud.
 * @param timeout how long a create waits for Pub/Sub before answering 503. Defaults to 10 s.
 */
@ConfigurationProperties(PublishConfiguration.PREFIX)
public record PublishConfiguration(
    String projectId,
    @Bindable(defaultValue = "recording-requests") String topic,
    @Nullable String emulatorHost,
    @Bindable(defaultValue = "10s") Duration timeout) {

  public static final String PREFIX = "meetrec.intake.publish";
}
