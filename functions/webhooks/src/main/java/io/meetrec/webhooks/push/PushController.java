package io.meetrec.webhooks.push;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.webhooks.delivery.DeliveryScheduler;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Pub/Sub push deliveries of {@code recording-events}. The HTTP answer is the ack: 204
 * once the event is in the delivery ledger (its first attempt made, whatever came of it: the
 * ledger's schedule owns the retries), 503 when the event could not be verified or stored, so
 * Pub/Sub redelivers with its backoff and finally moves it to the dead-letter topic. A push
 * redelivered while the first is still delivering finds the event's lock and is acked without
 * sending.
 */
@Controller
public class PushController {

  private static final Logger LOG = LoggerFactory.getLogger(PushController.class);

  private final PushTokenVerifier tokens;
  private final EventAuthenticator events;
  private final DeliveryScheduler scheduler;
  private final JsonMapper json;

  public PushController(
      PushTokenVerifier tokens,
      EventAuthenticator events,
      DeliveryScheduler scheduler,
      JsonMapper json) {
    this.tokens = tokens;
    this.events = events;
    this.scheduler = scheduler;
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
      // Not acked: an event that does not verify *yet* (a rotated recorder key still reaching this
      // instance) verifies on a later attempt; a forged one ends in the dead-letter topic, where an
      // operator sees it. It is never delivered.
      StructuredLog.event(LogEvent.WEBHOOK_ATTEMPT)
          .with(LogField.RECORDING_ID, push.attributes().get(RecordingJob.ATTR_RECORDING_ID))
          .with(LogField.EVENT_ID, push.attributes().get(RecordingEvent.ATTR_EVENT_ID))
          .with(LogField.ATTEMPT, push.deliveryAttempt())
          .with(LogField.OUTCOME, "rejected")
          .with(LogField.ERROR_CODE, e.code())
          .warn(LOG, "message {} rejected, not delivered: {}", push.messageId(), e.getMessage());
      return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
          .contentType(Problem.CONTENT_TYPE)
          .body(Problem.of(ErrorCode.UNAVAILABLE, "event not verified", push.messageId()));
    }
    if (event.webhookUrl() == null || event.webhookUrl().isBlank()) {
      return HttpResponse.noContent();
    }
    DeliveryScheduler.Result result = scheduler.accept(event);
    LOG.info(
        "push of {} (message {}, Pub/Sub attempt {}): {}",
        event.eventId(),
        push.messageId(),
        push.deliveryAttempt(),
        result.name().toLowerCase(java.util.Locale.ROOT));
    return HttpResponse.noContent();
  }
}
