package io.meetrec.webhooks.problem;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer of the function is a problem document: the project's exception keeps its own
 * code and status, and errors the framework raises (no route, wrong method, unreadable body) get a
 * 4xx code, anything else {@code internal}, never a stack trace.
 */
@Singleton
public class ProblemResponses
    implements ExceptionHandler<RecordingException, HttpResponse<Problem>>,
        ErrorResponseProcessor<Problem> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, RecordingException e) {
    if (e.code().retryable()) {
      LOG.warn("push answered {}: {}", e.code().wire(), e.getMessage(), e.getCause());
    } else {
      LOG.info("push refused with {}: {}", e.code().wire(), e.getMessage());
    }
    return HttpResponse.<Problem>status(HttpStatus.valueOf(e.code().httpStatus()))
        .contentType(Problem.CONTENT_TYPE)
        .body(Problem.of(e, request.getPath()));
  }

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    ErrorCode code =
        switch (base.code()) {
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413 -> ErrorCode.BODY_TOO_LARGE;
          case 415, 406 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ErrorCode.UNAVAILABLE;
          default ->
              base.code() >= 400 && base.code() < 500
                  ? ErrorCode.MALFORMED_JSON
                  : ErrorCode.INTERNAL;
        };
    if (code == ErrorCode.INTERNAL) {
      LOG.error("push failed", context.getRootCause().orElse(null));
    }
    return base.status(HttpStatus.valueOf(code.httpStatus()))
        .contentType(Problem.CONTENT_TYPE)
        .body(Problem.of(code, code.wire().replace('_', ' '), context.getRequest().getPath()));
  }
}
