package io.meetrec.recorder.events;

import com.google.pubsub.v1.PubsubMessage;
import java.time.Duration;

/**
 * Where {@link EventPublisher} sends messages: the {@code recording-events} topic. An interface so
 * a test can put a failing decorator in front of the real publisher.
 */
public interface EventTopic {

  /**
   * Publishes {@code message} and waits for the server's ack.
   *
   * @return the server's message id
   * @throws Exception whatever the publish failed with, including a timeout
   */
  String publish(PubsubMessage message, Duration timeout) throws Exception;

  /** Lets an ordering key that failed publish again (an ordered publisher pauses it). */
  void resume(String orderingKey);
}
