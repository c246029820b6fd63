package io.meetrec.functions.http;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Builds the one shape every refusal takes: an RFC 9457 document with the stable code. */
public final class ProblemResponses {

  private ProblemResponses() {}

  public static MutableHttpResponse<Problem> of(
      ErrorCode code, String detail, @Nullable String instance) {
    MutableHttpResponse<Problem> response =
        HttpResponse.<Problem>status(HttpStatus.valueOf(code.httpStatus()))
            .body(Problem.of(code, detail, instance))
            .contentType(Problem.CONTENT_TYPE);
    if (code.retryable()) {
      response.header("Retry-After", "1");
    }
    return response;
  }

  public static MutableHttpResponse<Problem> of(RecordingException e, @Nullable String instance) {
    MutableHttpResponse<Problem> response = of(e.code(), e.getMessage(), instance);
    if (e instanceof RetryAfterHint limited) {
      response.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
    }
    return response;
  }
}
