package io.meetrec.webhooks.push;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.webhooks.delivery.DeliveryOutcome;
import io.meetrec.webhooks.delivery.WebhookDelivery;
import io.meetrec.webhooks.event.EventAuthenticator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Pub/Sub push deliveries of {@code recording-events}. The HTTP answer is the ack: 204
 * acks (delivered, or refused for good: forged event, refused URL, receiver 4xx), 503 makes Pub/Sub
 * redeliver with its backoff until the subscription's dead-letter policy moves the event aside.
 */
@Controller
public class PushController {

  private static final Logger LOG = LoggerFactory.getLogger(PushController.class);

  private final PushTokenVerifier tokens;
  private final EventAuthenticator events;
  private final WebhookDelivery delivery;
  private final @Nullable RecordingStore store;
  private final JsonMapper json;

  public PushController(
      PushTokenVerifier tokens,
      EventAuthenticator events,
      WebhookDelivery delivery,
      @Nullable RecordingStore store,
      JsonMapper json) {
    this.tokens = tokens;
    this.events = events;
    this.delivery = delivery;
    this.store = store;
    this.json = json;
  }

  @Post(
      uri = "/",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public HttpResponse<?> push(
      @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, @Body byte[] body) {
    tokens.verify(authorization);
    PushEnvelope push = PushEnvelope.parse(json, body == null ? new byte[0] : body);
    RecordingEvent event;
    try {
      event = events.authenticate(push);
    } catch (RecordingException e) {
      if (e.code().retryable()) {
        throw e;
      }
      StructuredLog.event(LogEvent.WEBHOOK_ATTEMPT)
          .with(LogField.RECORDING_ID, push.attributes().get(RecordingJob.ATTR_RECORDING_ID))
          .with(LogField.EVENT_ID, push.attributes().get(RecordingEvent.ATTR_EVENT_ID))
          .with(LogField.ATTEMPT, push.deliveryAttempt())
          .with(LogField.OUTCOME, "rejected")
          .with(LogField.ERROR_CODE, e.code())
          .warn(LOG, "message {} rejected, never delivered: {}", push.messageId(), e.getMessage());
      return HttpResponse.noContent();
    }
    if (event.webhookUrl() == null || event.webhookUrl().isBlank()) {
      return HttpResponse.noContent();
    }
    DeliveryOutcome outcome = delivery.deliver(event);
    log(event, push.deliveryAttempt(), outcome);
    record(event, push.deliveryAttempt(), outcome);
    if (outcome.kind() == DeliveryOutcome.Kind.RETRY) {
      return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
          .contentType(Problem.CONTENT_TYPE)
          .header(HttpHeaders.RETRY_AFTER, "1")
          .body(Problem.of(ErrorCode.UNAVAILABLE, outcome.detail(), event.eventId()));
    }
    return HttpResponse.noContent();
  }

  private void log(RecordingEvent event, @Nullable Integer attempt, DeliveryOutcome outcome) {
    StructuredLog line =
        StructuredLog.event(LogEvent.WEBHOOK_ATTEMPT)
            .with(LogField.RECORDING_ID, event.recordingId())
            .with(LogField.EVENT_ID, event.eventId())
            .with(LogField.EVENT_TYPE, event.type())
            .with(LogField.ATTEMPT, attempt)
            .with(LogField.HTTP_STATUS, outcome.status())
            .with(LogField.LATENCY_MS, outcome.latencyMs())
            .with(LogField.OUTCOME, outcome.kind().wireName())
            .with(LogField.ERROR_CODE, outcome.errorCode());
    String message = "webhook {} for {}{}: {} ({} ms)";
    Object[] args = {
      event.eventId(),
      event.recordingId(),
      attempt == null ? "" : " attempt " + attempt,
      outcome.detail(),
      outcome.latencyMs()
    };
    if (outcome.kind() == DeliveryOutcome.Kind.DELIVERED) {
      line.info(LOG, message, args);
    } else {
      line.warn(LOG, message, args);
    }
  }

  /** The last outcome shows in the recording's status; losing it must not fail the delivery. */
  private void record(RecordingEvent event, @Nullable Integer attempt, DeliveryOutcome outcome) {
    if (store == null) {
      return;
    }
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("eventId", event.eventId());
    last.put("type", event.type());
    last.put("outcome", outcome.kind().wireName());
    if (outcome.status() != null) {
      last.put("httpStatus", outcome.status());
    }
    if (outcome.errorCode() != null) {
      last.put("errorCode", outcome.errorCode().wire());
    }
    if (attempt != null) {
      last.put("attempt", attempt);
    }
    last.put("latencyMs", outcome.latencyMs());
    last.put("at", Instant.now().toString());
    try {
      store.recordWebhookOutcome(event.recordingId(), json.writeValueAsString(last));
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not record the webhook outcome of {}: {}", event.recordingId(), e.toString());
    }
  }
}
