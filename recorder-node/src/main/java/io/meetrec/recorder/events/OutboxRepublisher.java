package io.meetrec.recorder.events;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes terminal events left in the {@link EventOutbox} when their first publish failed, on
 * every pod: whichever pod claims an entry publishes it, so a recording's terminal event goes out
 * even if the recorder that ended it died right after.
 */
@Context
public class OutboxRepublisher {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRepublisher.class);

  private final EventPublisher events;

  public OutboxRepublisher(
      EventPublisher events,
      EventsConfiguration config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.events = events;
    scheduler.scheduleWithFixedDelay(config.outboxEvery(), config.outboxEvery(), this::run);
  }

  private void run() {
    try {
      events.republishPending();
    } catch (RuntimeException e) {
      LOG.warn("outbox pass failed: {}", e.getMessage());
    }
  }
}
