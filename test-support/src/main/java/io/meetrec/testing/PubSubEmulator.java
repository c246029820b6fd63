package io.meetrec.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Google Cloud SDK's Pub/Sub emulator, with the admin, publish and pull calls tests need. Names
 * are plain topic and subscription ids in {@link #projectId()}.
 */
public final class PubSubEmulator {

  private final String hostPort;
  private final String projectId;
  private final ManagedChannel channel;
  private final TransportChannelProvider channels;

  /** A client of an emulator already listening on {@code hostPort}. */
  public PubSubEmulator(String hostPort, String projectId) {
    this.hostPort = hostPort;
    this.projectId = projectId;
    this.channel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
    this.channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  /** {@code host:port}, the value of {@code PUBSUB_EMULATOR_HOST}. */
  public String hostPort() {
    return hostPort;
  }

  public String projectId() {
    return projectId;
  }

  /** Micronaut properties that point micronaut-gcp-pubsub at this emulator. */
  public Map<String, String> micronautProperties() {
    return Map.of("pubsub.emulator.host", hostPort, "gcp.project-id", projectId);
  }

  public TransportChannelProvider channelProvider() {
    return channels;
  }

  public void createTopic(String topic) {
    try (TopicAdminClient admin = topicAdmin()) {
      admin.createTopic(TopicName.of(projectId, topic));
    } catch (com.google.api.gax.rpc.AlreadyExistsException exists) {
      // Shared across tests: a topic made by an earlier test is the same topic.
    }
  }

  public void createPullSubscription(String topic, String subscription, int ackDeadlineSeconds) {
    createSubscription(
        subscription,
        Subscription.newBuilder()
            .setTopic(TopicName.of(projectId, topic).toString())
            .setAckDeadlineSeconds(ackDeadlineSeconds));
  }

  /**
   * A push subscription with a retry policy and, when {@code deadLetterTopic} is given, a
   * dead-letter policy after {@code maxDeliveryAttempts}.
   */
  public void createPushSubscription(
      String topic,
      String subscription,
      String endpoint,
      String deadLetterTopic,
      int maxDeliveryAttempts,
      Duration minBackoff) {
    Subscription.Builder b =
        Subscription.newBuilder()
            .setName(ProjectSubscriptionName.of(projectId, subscription).toString())
            .setTopic(TopicName.of(projectId, topic).toString())
            .setAckDeadlineSeconds(10)
            .setPushConfig(PushConfig.newBuilder().setPushEndpoint(endpoint))
            .setRetryPolicy(
                RetryPolicy.newBuilder()
                    .setMinimumBackoff(protoDuration(minBackoff))
                    .setMaximumBackoff(protoDuration(minBackoff.multipliedBy(4))));
    if (deadLetterTopic != null) {
      b.setDeadLetterPolicy(
          DeadLetterPolicy.newBuilder()
              .setDeadLetterTopic(TopicName.of(projectId, deadLetterTopic).toString())
              .setMaxDeliveryAttempts(maxDeliveryAttempts));
    }
    createSubscription(b);
  }

  /** Creates a subscription as the builder describes it (its name must be set). */
  public void createSubscription(Subscription.Builder builder) {
    try (SubscriptionAdminClient admin = subscriptionAdmin()) {
      admin.createSubscription(builder.build());
    }
  }

  private void createSubscription(String subscription, Subscription.Builder builder) {
    builder.setName(ProjectSubscriptionName.of(projectId, subscription).toString());
    createSubscription(builder);
  }

  /** Publishes one message and waits for its id. */
  public String publish(
      String topic, byte[] data, Map<String, String> attributes, String orderingKey) {
    Publisher publisher = null;
    try {
      Publisher.Builder b =
          Publisher.newBuilder(TopicName.of(projectId, topic))
              .setChannelProvider(channels)
              .setCredentialsProvider(NoCredentialsProvider.create());
      if (orderingKey != null) {
        b.setEnableMessageOrdering(true);
      }
      publisher = b.build();
      PubsubMessage.Builder m =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(data))
              .putAllAttributes(attributes);
      if (orderingKey != null) {
        m.setOrderingKey(orderingKey);
      }
      return publisher.publish(m.build()).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
    } finally {
      if (publisher != null) {
        publisher.shutdown();
      }
    }
  }

  /**
   * Pulls and acknowledges messages until {@code max} arrived or {@code timeout} passed; returns
   * what arrived (possibly nothing).
   */
  public List<ReceivedMessage> pull(String subscription, int max, Duration timeout) {
    String sub = ProjectSubscriptionName.of(projectId, subscription).toString();
    List<ReceivedMessage> got = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    try (SubscriberStub stub = subscriberStub()) {
      while (got.size() < max && Instant.now().isBefore(deadline)) {
        PullResponse r =
            stub.pullCallable()
                .call(
                    PullRequest.newBuilder()
                        .setSubscription(sub)
                        .setMaxMessages(max - got.size())
                        .setReturnImmediately(true)
                        .build());
        if (r.getReceivedMessagesCount() == 0) {
          ManagedProcess.sleep(200);
          continue;
        }
        got.addAll(r.getReceivedMessagesList());
        stub.acknowledgeCallable()
            .call(
                AcknowledgeRequest.newBuilder()
                    .setSubscription(sub)
                    .addAllAckIds(
                        r.getReceivedMessagesList().stream().map(m -> m.getAckId()).toList())
                    .build());
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "pull from " + subscription + " failed: " + e.getMessage(), e);
    }
    return got;
  }

  public TopicAdminClient topicAdmin() {
    try {
      return TopicAdminClient.create(
          TopicAdminSettings.newBuilder()
              .setTransportChannelProvider(channels)
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public SubscriptionAdminClient subscriptionAdmin() {
    try {
      return SubscriptionAdminClient.create(
          SubscriptionAdminSettings.newBuilder()
              .setTransportChannelProvider(channels)
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public SubscriberStub subscriberStub() {
    try {
      return GrpcSubscriberStub.create(
          SubscriberStubSettings.newBuilder()
              .setTransportChannelProvider(channels)
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static com.google.protobuf.Duration protoDuration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }
}
