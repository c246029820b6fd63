package io.meetrec.webhooks.delivery;

import io.meetrec.shared.error.ErrorCode;
import io.micronaut.core.annotation.Nullable;

/**
 * How one delivery attempt ended and what Pub/Sub should do about it.
 *
 * @param status the receiver's HTTP status, or null when none was received
 * @param errorCode why no status was received (timeout, refused URL ...); null when the receiver
 *     answered, since its status says it
 */
public record DeliveryOutcome(
    Kind kind,
    @Nullable Integer status,
    long latencyMs,
    @Nullable ErrorCode errorCode,
    String detail) {

  public enum Kind {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Worth another attempt: 5xx, 408, 429, timeout, connection refused, network error. */
    RETRY,
    /** The receiver refused the event for good (other 4xx, 3xx) or the URL is refused. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Classifies a receiver's status per the delivery contract. */
  public static DeliveryOutcome fromStatus(int status, long latencyMs) {
    if (status >= 200 && status < 300) {
      return new DeliveryOutcome(Kind.DELIVERED, status, latencyMs, null, "delivered");
    }
    if (status >= 500 || status == 408 || status == 429) {
      return new DeliveryOutcome(
          Kind.RETRY, status, latencyMs, null, "receiver answered " + status);
    }
    return new DeliveryOutcome(
        Kind.FAILED, status, latencyMs, null, "receiver refused with " + status);
  }
}
