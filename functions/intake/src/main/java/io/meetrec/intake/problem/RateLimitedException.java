package io.meetrec.intake.problem;

import io.meetrec.functions.http.RetryAfterHint;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;

/** A refusal that tells the caller when to come back, sent as {@code Retry-After}. */
public class RateLimitedException extends RecordingException implements RetryAfterHint {

  private final long retryAfterSeconds;

  public RateLimitedException(long retryAfterSeconds) {
    super(ErrorCode.RATE_LIMITED, "too many requests; retry after " + retryAfterSeconds + " s");
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
