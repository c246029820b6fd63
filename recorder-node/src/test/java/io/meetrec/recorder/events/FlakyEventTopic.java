package io.meetrec.recorder.events;

import com.google.pubsub.v1.PubsubMessage;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real events topic behind a switch that refuses the next {@code n} publishes of terminal
 * events, like a Pub/Sub outage at the worst moment. Other events pass, so the test sees exactly
 * what the outbox adds.
 */
public final class FlakyEventTopic implements EventTopic {

  private final PubSubEventTopic delegate;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  public final AtomicInteger refused = new AtomicInteger();

  public FlakyEventTopic(PubSubEventTopic delegate) {
    this.delegate = delegate;
  }

  public void failNextTerminal(int failures) {
    failuresLeft.set(failures);
  }

  @Override
  public String publish(PubsubMessage message, Duration timeout) throws Exception {
    String type = message.getAttributesMap().get(RecordingEvent.ATTR_EVENT_TYPE);
    boolean terminal =
        Arrays.stream(EventType.values())
            .anyMatch(t -> t.wireName().equals(type) && t.isTerminal());
    if (terminal && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      throw new IOException("UNAVAILABLE (scripted) for " + type);
    }
    return delegate.publish(message, timeout);
  }

  @Override
  public void resume(String orderingKey) {
    delegate.resume(orderingKey);
  }

  @PreDestroy
  void close() throws InterruptedException {
    delegate.close();
  }
}
