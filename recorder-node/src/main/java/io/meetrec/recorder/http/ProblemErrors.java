package io.meetrec.recorder.http;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.HttpStatusException;

/**
 * Answers requests no endpoint accepts with {@code application/problem+json} and a stable code
 * instead of Micronaut's default error body.
 */
@Controller
public class ProblemErrors {

  @Error(global = true, status = HttpStatus.NOT_FOUND)
  public HttpResponse<Problem> notFound(HttpRequest<?> request) {
    return problem(ErrorCode.NOT_FOUND, "no such endpoint", request);
  }

  @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
  public HttpResponse<Problem> methodNotAllowed(HttpRequest<?> request) {
    return problem(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed here", request);
  }

  @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
  public HttpResponse<Problem> unsupportedMediaType(HttpRequest<?> request) {
    return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type", request);
  }

  @Error(global = true, exception = HttpStatusException.class)
  public HttpResponse<Problem> status(HttpRequest<?> request, HttpStatusException e) {
    ErrorCode code =
        switch (e.getStatus()) {
          case NOT_FOUND -> ErrorCode.NOT_FOUND;
          case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
          case UNSUPPORTED_MEDIA_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          default -> e.getStatus().getCode() < 500 ? ErrorCode.INVALID_FIELD : ErrorCode.INTERNAL;
        };
    return problem(code, "request refused", request);
  }

  private static HttpResponse<Problem> problem(
      ErrorCode code, String detail, HttpRequest<?> request) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(code.httpStatus()))
        .contentType(MediaType.of(Problem.CONTENT_TYPE))
        .body(Problem.of(code, detail, request.getPath()));
  }
}
