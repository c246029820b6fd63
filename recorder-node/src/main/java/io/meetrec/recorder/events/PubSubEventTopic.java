package io.meetrec.recorder.events;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.micronaut.gcp.GoogleCloudConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real {@link EventTopic}: an ordered Pub/Sub {@link Publisher} on the events topic. */
@Singleton
public class PubSubEventTopic implements EventTopic {

  private final Publisher publisher;

  public PubSubEventTopic(
      EventsConfiguration config,
      GoogleCloudConfiguration gcp,
      @Named("pubsub") TransportChannelProvider channels,
      @Named("pubsub") CredentialsProvider credentials)
      throws IOException {
    this.publisher =
        Publisher.newBuilder(TopicName.of(gcp.getProjectId(), config.topic()))
            .setChannelProvider(channels)
            .setCredentialsProvider(credentials)
            .setEnableMessageOrdering(true)
            .setRetrySettings(retrySettings(config.publishTimeout()))
            .build();
  }

  /**
   * The publisher's own retries, set here rather than left to its defaults: retried within one
   * publish for as long as {@link EventPublisher} waits for it ({@code publishTimeout}), and no
   * longer, so a late client-side retry never races the next attempt or the outbox.
   */
  static RetrySettings retrySettings(Duration publishTimeout) {
    return RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(100))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
        .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
        .setTotalTimeoutDuration(publishTimeout)
        .build();
  }

  @Override
  public String publish(PubsubMessage message, Duration timeout) throws Exception {
    return publisher.publish(message).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void resume(String orderingKey) {
    publisher.resumePublish(orderingKey);
  }

  @PreDestroy
  void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(10, TimeUnit.SECONDS);
  }
}
