package io.meetrec.ops.redrive;

import java.util.Arrays;
import java.util.Optional;

/**
 * The topics whose subscriptions dead-letter, and the names Terraform gives their dead letters
 * (terraform/modules/pubsub: topic {@code <topic>-dead-letter}, subscription {@code
 * <topic>-dead-letter-sub}).
 */
enum DeadLetteredTopic {
  RECORDING_REQUESTS("recording-requests"),
  RECORDING_EVENTS("recording-events");

  private final String topic;

  DeadLetteredTopic(String topic) {
    this.topic = topic;
  }

  /** The original topic, where redriven messages go back to. */
  String topic() {
    return topic;
  }

  String deadLetterTopic() {
    return topic + "-dead-letter";
  }

  String deadLetterSubscription() {
    return deadLetterTopic() + "-sub";
  }

  static Optional<DeadLetteredTopic> named(String topic) {
    return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).findFirst();
  }

  @Override
  public String toString() {
    return topic;
  }
}
