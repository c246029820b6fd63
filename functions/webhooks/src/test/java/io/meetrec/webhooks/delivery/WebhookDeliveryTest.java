package io.meetrec.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.webhooks.WebhookReceiver;
import io.meetrec.webhooks.WebhooksConfiguration;
import io.micronaut.json.JsonMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delivery outcomes against a real local receiver (private addresses allowed for the test). */
class WebhookDeliveryTest {

  private static final String WHSEC =
      "whsec_" + Base64.getEncoder().encodeToString("delivery-unit-test-signing-key-32".getBytes());

  private static WebhookReceiver receiver;
  private static WebhookDelivery delivery;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver(WHSEC);
    delivery = new WebhookDelivery(config(true), JsonMapper.createDefault());
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  private static WebhooksConfiguration config(boolean allowPrivate) {
    return new WebhooksConfiguration(
        true,
        null,
        null,
        "https://www.googleapis.com/oauth2/v3/certs",
        WHSEC,
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        true,
        allowPrivate,
        List.of(),
        "/nonexistent",
        "meetrec-recorder-secret",
        null,
        Duration.ofSeconds(60),
        null,
        Duration.ofDays(30),
        100,
        Duration.ofSeconds(15));
  }

  private static RecordingEvent event(String url) {
    return RecordingEvent.of(
        EventType.STARTED, "rec_unit", Instant.parse("2026-03-01T10:00:00Z"), url, Map.of("a", 1));
  }

  @ParameterizedTest
  @CsvSource({
    "200, DELIVERED",
    "204, DELIVERED",
    "500, RETRY",
    "503, RETRY",
    "429, RETRY",
    "408, RETRY",
    "400, RETRY",
    "404, RETRY",
    "302, RETRY",
    "410, FAILED"
  })
  void classifiesTheReceiversStatus(int status, DeliveryOutcome.Kind expected) throws Exception {
    String path = "/status-" + status;
    receiver.on(path, n -> status);

    DeliveryOutcome outcome = delivery.deliver(event(receiver.url(path)));

    assertThat(outcome.kind()).isEqualTo(expected);
    assertThat(outcome.status()).isEqualTo(status);
    assertThat(receiver.deliveries(path))
        .singleElement()
        .satisfies(d -> assertThat(d.signatureValid()).isTrue());
  }

  @Test
  void retriesWhenTheReceiverIsTooSlow() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DeliveryOutcome outcome =
          delivery.deliver(event("http://127.0.0.1:" + silent.getLocalPort() + "/slow"));

      assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
      assertThat(outcome.status()).isNull();
      assertThat(outcome.detail()).contains("timed out");
    }
  }

  @Test
  void retriesWhenTheConnectionIsRefused() {
    int closedPort = ManagedProcess.freePort();

    DeliveryOutcome outcome = delivery.deliver(event("http://127.0.0.1:" + closedPort + "/"));

    assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
    assertThat(outcome.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(outcome.detail()).contains("connection refused");
  }

  @Test
  void retriesWhenTheReceiversNameDoesNotResolve() {
    // What a DNS outage looks like to the function, without asking a real resolver.
    WebhookDelivery noDns =
        new WebhookDelivery(
            config(true),
            JsonMapper.createDefault(),
            host -> {
              throw new java.net.UnknownHostException(host);
            });

    DeliveryOutcome outcome = noDns.deliver(event("http://receiver.meetrec-test.invalid/"));

    assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
    assertThat(outcome.detail()).contains("does not resolve");
  }

  @Test
  void refusesPrivateAddressesUnlessAllowed() throws Exception {
    WebhookDelivery strict = new WebhookDelivery(config(false), JsonMapper.createDefault());
    receiver.on("/strict", n -> 200);

    DeliveryOutcome outcome = strict.deliver(event(receiver.url("/strict")));

    assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.FAILED);
    assertThat(outcome.errorCode()).isEqualTo(ErrorCode.URL_REFUSED);
    assertThat(receiver.deliveries("/strict")).isEmpty();
  }

  @Test
  void sendsTheCustomerPayloadWithoutTheDeliveryTarget() throws Exception {
    receiver.on("/payload", n -> 200);
    RecordingEvent e = event(receiver.url("/payload"));

    delivery.deliver(e);

    WebhookReceiver.Delivery d = receiver.deliveries("/payload").getFirst();
    assertThat(d.webhookId()).isEqualTo(e.eventId());
    assertThat(d.body())
        .isEqualTo(
            "{\"type\":\"recording.started\",\"timestamp\":\"2026-03-01T10:00:00Z\","
                + "\"data\":{\"recordingId\":\"rec_unit\",\"a\":1}}");
  }
}
