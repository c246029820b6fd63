package io.meetrec.shared.error;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every failure the system reports, with the HTTP status it maps to and whose fault it is. The wire
 * form ({@link #wire()}) is a stable contract: clients, webhooks and the BigQuery queries key on
 * it.
 */
public enum ErrorCode {
  // The caller's request.
  MALFORMED_JSON(400, Fault.CALLER),
  INVALID_FIELD(400, Fault.CALLER),
  UNKNOWN_FIELD(400, Fault.CALLER),
  URL_REFUSED(400, Fault.CALLER),
  BODY_TOO_LARGE(413, Fault.CALLER),
  /** Not HTTP the server can parse (request line, header syntax); refused before any handler. */
  MALFORMED_REQUEST(400, Fault.CALLER),
  /** The request line is over the server's limit; refused before any handler. */
  URI_TOO_LONG(414, Fault.CALLER),
  /** The header section is over the server's limit; refused before any handler. */
  HEADERS_TOO_LARGE(431, Fault.CALLER),
  UNSUPPORTED_MEDIA_TYPE(415, Fault.CALLER),
  METHOD_NOT_ALLOWED(405, Fault.CALLER),
  SIGNATURE_MISSING(401, Fault.CALLER),
  SIGNATURE_INVALID(401, Fault.CALLER),
  SIGNATURE_EXPIRED(401, Fault.CALLER),
  SIGNATURE_REPLAYED(401, Fault.CALLER),
  TOKEN_INVALID(401, Fault.CALLER),
  FORBIDDEN(403, Fault.CALLER),
  NOT_FOUND(404, Fault.CALLER),
  IDEMPOTENCY_CONFLICT(409, Fault.CALLER),
  /** The first request with this Idempotency-Key is still being queued: retry shortly. */
  IN_PROGRESS(409, Fault.CALLER),
  INVALID_STATE(409, Fault.CALLER),
  RATE_LIMITED(429, Fault.CALLER),
  // Ours, transient: the caller may retry.
  UNAVAILABLE(503, Fault.OURS),
  INTERNAL(500, Fault.OURS),
  // Why a recording failed. The status is what a GET would report if the failure surfaced there.
  INVALID_JOB(400, Fault.CALLER),
  EXPIRED(410, Fault.CALLER),
  MEETING_UNREACHABLE(502, Fault.CALLER),
  START_SIGNAL_TIMEOUT(504, Fault.CALLER),
  /** The meeting page said it refused the recorder (e.g. its join token), see page-protocol.md. */
  JOIN_REFUSED(403, Fault.CALLER),
  NO_MEDIA(502, Fault.CALLER),
  JOIN_TOKEN_FAILED(503, Fault.OURS),
  NO_FREE_SLOT(503, Fault.OURS),
  BROWSER_CRASHED(500, Fault.OURS),
  CAPTURE_FAILED(500, Fault.OURS),
  ENCODER_FAILED(500, Fault.OURS),
  UPLOAD_FAILED(500, Fault.OURS),
  RECORDER_LOST(500, Fault.OURS);

  /** Whose fault a failure is: ours is worth a retry, the caller's is not. */
  public enum Fault {
    CALLER,
    OURS
  }

  private final int httpStatus;
  private final Fault fault;

  ErrorCode(int httpStatus, Fault fault) {
    this.httpStatus = httpStatus;
    this.fault = fault;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public Fault fault() {
    return fault;
  }

  public boolean retryable() {
    return fault == Fault.OURS;
  }

  /** The stable snake_case code, e.g. {@code signature_expired}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ErrorCode> fromWire(String wire) {
    return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst();
  }
}
