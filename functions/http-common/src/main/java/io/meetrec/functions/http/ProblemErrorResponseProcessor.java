package io.meetrec.functions.http;

import io.lettuce.core.RedisException;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.exceptions.SerdeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error Micronaut produces by itself (no route, wrong method, unconvertible parameter, body
 * over the server limit, an exception nobody handled) passes through here, so none of them can leak
 * a stack trace or a non-problem body. Statuses the framework chose are kept for client errors;
 * anything else becomes {@code internal}, or {@code unavailable} when Redis is the cause.
 */
public abstract class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

  private final ErrorCode unauthorized;

  /**
   * @param unauthorized the code for a 401 the framework raised: what this function's callers
   *     authenticate with
   */
  protected ProblemErrorResponseProcessor(ErrorCode unauthorized) {
    this.unauthorized = unauthorized;
  }

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    Throwable root = context.getRootCause().orElse(null);
    ErrorCode code = classify(base.code(), root, unauthorized);
    String detail = detail(code, context);
    if (code.retryable()) {
      LOG.warn("request failed with {}", code.wire(), root);
    }
    MutableHttpResponse<Problem> response =
        base.status(HttpStatus.valueOf(code.httpStatus()))
            .contentType(Problem.CONTENT_TYPE)
            .body(Problem.of(code, detail, context.getRequest().getPath()));
    if (code.retryable()) {
      response.header("Retry-After", "1");
    }
    return response;
  }

  static ErrorCode classify(int status, Throwable root, ErrorCode unauthorized) {
    for (Throwable t = root; t != null; t = t.getCause()) {
      if (t instanceof RecordingException e) {
        return e.code();
      }
      if (t instanceof RedisException) {
        return ErrorCode.UNAVAILABLE;
      }
      if (t instanceof SerdeException
          || t.getClass().getName().startsWith("com.fasterxml.jackson.core.")) {
        return ErrorCode.MALFORMED_JSON;
      }
    }
    return switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> ErrorCode.BODY_TOO_LARGE;
      case 415, 406 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 401 -> unauthorized;
      case 403 -> ErrorCode.FORBIDDEN;
      case 409 -> ErrorCode.INVALID_STATE;
      case 429 -> ErrorCode.RATE_LIMITED;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> status >= 400 && status < 500 ? ErrorCode.INVALID_FIELD : ErrorCode.INTERNAL;
    };
  }

  private static String detail(ErrorCode code, ErrorContext context) {
    return switch (code) {
      case NOT_FOUND -> "no such resource";
      case METHOD_NOT_ALLOWED -> "method not allowed on this resource";
      case BODY_TOO_LARGE -> "request body too large";
      case UNSUPPORTED_MEDIA_TYPE -> "unsupported media type";
      case UNAVAILABLE -> "temporarily unavailable; retry later";
      case INTERNAL -> "internal error";
      default ->
          // Framework messages name parameters, never secrets; only the first is kept.
          context.getErrors().isEmpty()
              ? code.wire().replace('_', ' ')
              : context.getErrors().get(0).getMessage();
    };
  }
}
