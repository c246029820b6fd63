package io.meetrec.webhooks.push;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.webhooks.delivery.DeliveryScheduler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /redeliver}: with an empty body, the redelivery tick Cloud Scheduler sends every
 * minute (attempts what is due); with {@code {"eventId":"evt_..."}} or {@code {"clientId":"..."}},
 * an operator's redelivery of given-up events (see {@code bin/redeliver}). Callers prove who they
 * are as Pub/Sub pushes do: a Google OIDC token for the function's audience and the invoker service
 * account.
 */
@Controller
public class RedeliveryController {

  private final PushTokenVerifier tokens;
  private final DeliveryScheduler scheduler;
  private final JsonMapper json;

  public RedeliveryController(
      PushTokenVerifier tokens, DeliveryScheduler scheduler, JsonMapper json) {
    this.tokens = tokens;
    this.scheduler = scheduler;
    this.json = json;
  }

  @Post(
      uri = "/redeliver",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN},
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> redeliver(
      @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
      @Body @Nullable byte[] body) {
    tokens.verify(authorization);
    Map<String, String> request = parse(body);
    if (request.containsKey("eventId")) {
      String eventId = request.get("eventId");
      if (!scheduler.redeliver(eventId)) {
        throw new RecordingException(
            ErrorCode.NOT_FOUND, "no given-up event " + eventId + " to redeliver");
      }
      return HttpResponse.ok(Map.of("requeued", 1));
    }
    if (request.containsKey("clientId")) {
      return HttpResponse.ok(
          Map.of("requeued", scheduler.redeliverClient(request.get("clientId"))));
    }
    return HttpResponse.ok(Map.of("attempted", scheduler.tick()));
  }

  private Map<String, String> parse(@Nullable byte[] body) {
    if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return Map.of();
    }
    Map<String, String> m;
    try {
      m = json.readValue(body, Argument.mapOf(String.class, String.class));
    } catch (IOException | RuntimeException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "body is not a JSON object");
    }
    if (m == null || m.size() > 1 || !Set.of("eventId", "clientId").containsAll(m.keySet())) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD, "give one of eventId or clientId, or no body");
    }
    return m;
  }
}
