package io.meetrec.webhooks.delivery;

import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.WebhookLedger;
import io.meetrec.webhooks.WebhooksConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each event's delivery on its retry schedule, whichever function instance is asked: a push
 * admits the event into the {@link WebhookLedger} and makes the first attempt; the redelivery tick
 * (Cloud Scheduler, every minute) makes the attempts that are due; an operator can put given-up
 * events back on the schedule. Every attempt holds the event's lock, so two instances never deliver
 * the same event at once, and a settled event is never attempted again.
 */
@Singleton
public final class DeliveryScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

  /** What a push or tick did with one event, for the caller's answer and for tests. */
  public enum Result {
    DELIVERED,
    RETRYING,
    GAVE_UP,
    /** Already settled, in flight elsewhere, or not due: nothing sent. */
    SKIPPED
  }

  private final WebhooksConfiguration config;
  private final WebhookLedger ledger;
  private final WebhookDelivery delivery;
  private final @Nullable RecordingStore store;
  private final JsonMapper json;

  public DeliveryScheduler(
      WebhooksConfiguration config,
      WebhookLedger ledger,
      WebhookDelivery delivery,
      @Nullable RecordingStore store,
      JsonMapper json) {
    this.config = config;
    this.ledger = ledger;
    this.delivery = delivery;
    this.store = store;
    this.json = json;
  }

  /**
   * A verified event as Pub/Sub pushed it: stored once, then attempted if no attempt was made yet.
   * A redelivered push of an event the ledger already holds sends nothing: the ledger's schedule
   * owns its later attempts.
   *
   * @throws RecordingException {@code unavailable} when the ledger cannot store it (the push is
   *     then not acked, and Pub/Sub redelivers)
   */
  public Result accept(RecordingEvent event) {
    String eventJson;
    try {
      eventJson = json.writeValueAsString(event);
    } catch (IOException e) {
      throw new IllegalStateException("event not serializable", e);
    }
    Duration first = config.retrySchedule().getFirst();
    boolean fresh =
        ledger.admit(
            event.eventId(),
            event.recordingId(),
            clientOf(event.recordingId()),
            event.type(),
            eventJson,
            first.plus(config.attemptLock()),
            config.retention());
    if (!first.isZero()) {
      return fresh ? Result.RETRYING : Result.SKIPPED;
    }
    return attempt(event.eventId(), true, false);
  }

  /** Attempts every due event (up to the batch size); returns how many were attempted. */
  public int tick() {
    int attempted = 0;
    for (String eventId : ledger.due(config.redeliverBatch())) {
      try {
        if (attempt(eventId, false, false) != Result.SKIPPED) {
          attempted++;
        }
      } catch (RecordingException e) {
        LOG.warn("redelivery of {} not attempted: {}", eventId, e.getMessage());
      }
    }
    return attempted;
  }

  /** Puts one given-up event back on its schedule and attempts it now. */
  public boolean redeliver(String eventId) {
    if (!ledger.requeue(eventId)) {
      return false;
    }
    attempt(eventId, false, true);
    return true;
  }

  /** Puts every given-up event of a client back on the schedule; returns how many. */
  public int redeliverClient(String clientId) {
    int n = 0;
    List<String> ids;
    while (!(ids = ledger.givenUp(clientId, config.redeliverBatch())).isEmpty()) {
      for (String id : ids) {
        if (ledger.requeue(id)) {
          n++;
        }
      }
    }
    tick();
    return n;
  }

  private Result attempt(String eventId, boolean firstOnly, boolean force) {
    String token = UUID.randomUUID().toString();
    WebhookLedger.Begin begin =
        ledger.begin(eventId, token, config.attemptLock(), firstOnly, force);
    if (!(begin instanceof WebhookLedger.Begin.Attempt attempt)) {
      String reason = ((WebhookLedger.Begin.Skip) begin).reason();
      LOG.debug("event {} not attempted: {}", eventId, reason);
      return Result.SKIPPED;
    }
    RecordingEvent event;
    try {
      event = json.readValue(attempt.eventJson(), RecordingEvent.class);
    } catch (IOException e) {
      throw new IllegalStateException("stored event unreadable: " + eventId, e);
    }
    DeliveryOutcome outcome = delivery.deliver(event);
    List<Duration> schedule = config.retrySchedule();
    WebhookLedger.State state;
    Instant next = null;
    String outcomeName;
    switch (outcome.kind()) {
      case DELIVERED -> {
        state = WebhookLedger.State.DELIVERED;
        outcomeName = "delivered";
      }
      case FAILED -> {
        state = WebhookLedger.State.GAVE_UP;
        outcomeName = "failed";
      }
      default -> {
        if (attempt.attempt() < schedule.size()) {
          state = WebhookLedger.State.RETRYING;
          next = Instant.now().plus(schedule.get(attempt.attempt()));
          outcomeName = "retry";
        } else {
          state = WebhookLedger.State.GAVE_UP;
          outcomeName = "gave_up";
        }
      }
    }
    log(event, attempt.attempt(), outcome, outcomeName, next);
    record(event, attempt.attempt(), outcome, outcomeName);
    boolean settled =
        ledger.finish(
            eventId,
            clientOf(event.recordingId()),
            token,
            state,
            next,
            outcome.status(),
            outcomeName,
            outcome.detail(),
            config.retention());
    if (!settled) {
      LOG.warn("attempt {} of {} outlived its lock", attempt.attempt(), eventId);
    }
    return switch (state) {
      case DELIVERED -> Result.DELIVERED;
      case RETRYING -> Result.RETRYING;
      default -> Result.GAVE_UP;
    };
  }

  private @Nullable String clientOf(String recordingId) {
    if (store == null) {
      return null;
    }
    try {
      return store.find(recordingId).map(RecordingRecord::clientId).orElse(null);
    } catch (RecordingException e) {
      return null;
    }
  }

  private void log(
      RecordingEvent event,
      int attempt,
      DeliveryOutcome outcome,
      String outcomeName,
      @Nullable Instant next) {
    StructuredLog line =
        StructuredLog.event(LogEvent.WEBHOOK_ATTEMPT)
            .with(LogField.RECORDING_ID, event.recordingId())
            .with(LogField.EVENT_ID, event.eventId())
            .with(LogField.EVENT_TYPE, event.type())
            .with(LogField.ATTEMPT, attempt)
            .with(LogField.HTTP_STATUS, outcome.status())
            .with(LogField.LATENCY_MS, outcome.latencyMs())
            .with(LogField.OUTCOME, outcomeName)
            .with(LogField.ERROR_CODE, outcome.errorCode());
    String message = "webhook {} for {} attempt {}/{}: {} ({} ms){}";
    Object[] args = {
      event.eventId(),
      event.recordingId(),
      attempt,
      config.retrySchedule().size(),
      outcome.detail(),
      outcome.latencyMs(),
      next == null ? "" : ", next attempt at " + next
    };
    if (outcome.kind() == DeliveryOutcome.Kind.DELIVERED) {
      line.info(LOG, message, args);
    } else {
      line.warn(LOG, message, args);
    }
  }

  /** The last outcome shows in the recording's status; losing it must not fail the delivery. */
  private void record(
      RecordingEvent event, int attempt, DeliveryOutcome outcome, String outcomeName) {
    if (store == null) {
      return;
    }
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("eventId", event.eventId());
    last.put("type", event.type());
    last.put("outcome", outcomeName);
    if (outcome.status() != null) {
      last.put("httpStatus", outcome.status());
    }
    if (outcome.errorCode() != null) {
      last.put("errorCode", outcome.errorCode().wire());
    }
    last.put("attempt", attempt);
    last.put("latencyMs", outcome.latencyMs());
    last.put("at", Instant.now().toString());
    try {
      store.recordWebhookOutcome(event.recordingId(), json.writeValueAsString(last));
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not record the webhook outcome of {}: {}", event.recordingId(), e.toString());
    }
  }
}
