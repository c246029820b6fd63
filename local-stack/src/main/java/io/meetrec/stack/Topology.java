package io.meetrec.stack;

import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import io.meetrec.testing.PubSubEmulator;
import java.time.Duration;

/**
 * The topics and subscriptions of an environment, as terraform/modules/pubsub creates them in the
 * cloud, made in the emulator: the recorder's pull subscription with a dead letter, the push of
 * events to the webhooks function, and the dead-letter subscriptions operators read.
 */
final class Topology {

  static final String REQUESTS = "recording-requests";
  static final String EVENTS = "recording-events";
  static final String ROTATION = "secret-rotation";
  static final String RECORDER_SUBSCRIPTION = "recording-requests-recorder";
  static final String WEBHOOKS_SUBSCRIPTION = "recording-events-webhooks";
  static final String ROTATION_SUBSCRIPTION = "secret-rotation-function";
  static final int MAX_DELIVERY_ATTEMPTS = 5;

  private Topology() {}

  static void create(PubSubEmulator pubsub, String webhooksEndpoint) {
    for (String topic : new String[] {REQUESTS, dlq(REQUESTS), EVENTS, dlq(EVENTS), ROTATION}) {
      pubsub.createTopic(topic);
    }
    pubsub.createPullSubscription(dlq(REQUESTS), dlq(REQUESTS) + "-sub", 60);
    pubsub.createPullSubscription(dlq(EVENTS), dlq(EVENTS) + "-sub", 60);
    pubsub.createPullSubscription(ROTATION, ROTATION_SUBSCRIPTION, 60);
    pubsub.createSubscription(
        Subscription.newBuilder()
            .setName(
                ProjectSubscriptionName.of(pubsub.projectId(), RECORDER_SUBSCRIPTION).toString())
            .setTopic(TopicName.of(pubsub.projectId(), REQUESTS).toString())
            .setAckDeadlineSeconds(30)
            .setRetryPolicy(
                RetryPolicy.newBuilder()
                    .setMinimumBackoff(seconds(10))
                    .setMaximumBackoff(seconds(600)))
            .setDeadLetterPolicy(
                DeadLetterPolicy.newBuilder()
                    .setDeadLetterTopic(TopicName.of(pubsub.projectId(), dlq(REQUESTS)).toString())
                    .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)));
    pubsub.createPushSubscription(
        EVENTS,
        WEBHOOKS_SUBSCRIPTION,
        webhooksEndpoint,
        dlq(EVENTS),
        MAX_DELIVERY_ATTEMPTS,
        Duration.ofSeconds(1));
  }

  static String dlq(String topic) {
    return topic + "-dead-letter";
  }

  private static com.google.protobuf.Duration seconds(long s) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
  }
}
