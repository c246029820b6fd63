package io.meetrec.signing.problem;

import io.meetrec.functions.http.ProblemResponses;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the project's exception into its problem document, with the status its code names. */
@Singleton
public class RecordingExceptionHandler
    implements ExceptionHandler<RecordingException, HttpResponse<Problem>> {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingExceptionHandler.class);

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, RecordingException e) {
    if (e.code().retryable()) {
      // Our fault: keep the cause for operators; the caller only sees the code and message.
      LOG.warn(
          "join token request failed with {}: {}", e.code().wire(), e.getMessage(), e.getCause());
    } else {
      LOG.info("join token request refused with {}: {}", e.code().wire(), e.getMessage());
    }
    return ProblemResponses.of(e, request.getPath());
  }
}
