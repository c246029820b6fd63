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
    /**
     * Worth another attempt: any non-2xx answer but 410 (as Standard Webhooks' reference service
     * does), a timeout, a refused connection, a network error, a name that does not resolve.
     */
    RETRY,
    /** The receiver asked us to stop (410 Gone), or the URL guard refuses the address. */
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
    if (status == 410) {
      return new DeliveryOutcome(
          Kind.FAILED, status, latencyMs, null, "receiver answered 410: gone, not retried");
    }
    return new DeliveryOutcome(Kind.RETRY, status, latencyMs, null, "receiver answered " + status);
  }
}
