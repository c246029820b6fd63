package io.meetrec.functions.http;

/** A refusal that knows when the caller may come back; sent as {@code Retry-After}. */
public interface RetryAfterHint {

  long retryAfterSeconds();
}
