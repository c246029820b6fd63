package io.meetrec.webhooks.delivery;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.security.CheckedUrl;
import io.meetrec.shared.security.HostResolver;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.meetrec.shared.security.StandardWebhooks;
import io.meetrec.shared.security.UrlGuard;
import io.meetrec.shared.security.UrlPolicy;
import io.meetrec.webhooks.WebhooksConfiguration;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one event to its {@code webhookUrl} as a Standard Webhooks delivery: {@code webhook-id} =
 * the event id (stable across retries, so receivers de-duplicate), a fresh {@code
 * webhook-timestamp} and {@code webhook-signature} per attempt, body {@code {"type","timestamp",
 * "data":{"recordingId",...}}}. The URL is checked by the {@link UrlGuard} at delivery time and the
 * connection goes to the address it checked.
 */
@Singleton
public final class WebhookDelivery {

  private final UrlPolicy urlPolicy;
  private final SecretKeySet signingKeys;
  private final PinnedHttpClient http;
  private final JsonMapper json;
  private final Clock clock;

  private final HostResolver resolver;

  @jakarta.inject.Inject
  public WebhookDelivery(WebhooksConfiguration config, JsonMapper json) {
    this(config, json, HostResolver.system());
  }

  /** With a given resolver, so tests need no DNS. */
  public WebhookDelivery(WebhooksConfiguration config, JsonMapper json, HostResolver resolver) {
    this.resolver = resolver;
    this.json = json;
    this.clock = Clock.systemUTC();
    if (config.signingSecret() == null || config.signingSecret().isBlank()) {
      throw new IllegalStateException(
          WebhooksConfiguration.PREFIX + ".signing-secret (whsec_...) must be set");
    }
    this.signingKeys = SecretKeySet.of(Secret.fromWebhookSecret(config.signingSecret()));
    this.urlPolicy =
        new UrlPolicy(
            config.allowHttp() ? Set.of("https", "http") : Set.of("https"),
            config.allowedHosts(),
            config.allowPrivateAddresses(),
            Set.of());
    this.http =
        new PinnedHttpClient(
            config.connectTimeout(),
            config.readTimeout(),
            config.deliveryDeadline(),
            (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** The JSON body customers receive for this event. */
  public byte[] payload(RecordingEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("recordingId", event.recordingId());
    if (event.data() != null) {
      event.data().forEach((k, v) -> data.putIfAbsent(k, v));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type());
    body.put("timestamp", event.occurredAt().toString());
    body.put("data", data);
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DeliveryOutcome deliver(RecordingEvent event) {
    long started = System.nanoTime();
    CheckedUrl target;
    // A name that does not resolve now may resolve later (a DNS outage, a record being fixed): the
    // guard refuses it like a private address, so the resolver notes which it was.
    AtomicBoolean unresolved = new AtomicBoolean();
    HostResolver system = resolver;
    UrlGuard urlGuard =
        new UrlGuard(
            urlPolicy,
            host -> {
              try {
                return system.resolve(host);
              } catch (UnknownHostException e) {
                unresolved.set(true);
                throw e;
              }
            });
    try {
      target = urlGuard.check(event.webhookUrl());
    } catch (RecordingException e) {
      if (unresolved.get()) {
        return retry(started, "receiver host does not resolve");
      }
      return new DeliveryOutcome(
          DeliveryOutcome.Kind.FAILED,
          null,
          elapsedMs(started),
          ErrorCode.URL_REFUSED,
          e.getMessage());
    }
    byte[] body = payload(event);
    long timestamp = clock.instant().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "meetrec-webhooks/1");
    headers.putAll(StandardWebhooks.headers(signingKeys, event.eventId(), timestamp, body));
    try {
      int status = http.post(target.uri(), target.address(), headers, body);
      return DeliveryOutcome.fromStatus(status, elapsedMs(started));
    } catch (SocketTimeoutException e) {
      return retry(started, "receiver timed out");
    } catch (ConnectException e) {
      return retry(started, "connection refused");
    } catch (IOException e) {
      return retry(started, "network error: " + e.getClass().getSimpleName());
    }
  }

  private static DeliveryOutcome retry(long started, String detail) {
    return new DeliveryOutcome(
        DeliveryOutcome.Kind.RETRY, null, elapsedMs(started), ErrorCode.UNAVAILABLE, detail);
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
