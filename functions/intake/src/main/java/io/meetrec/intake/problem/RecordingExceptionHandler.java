package io.meetrec.intake.problem;

import io.meetrec.functions.http.ProblemResponses;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
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
    StructuredLog line =
        StructuredLog.event(LogEvent.INTAKE_REJECTED)
            .with(LogField.ROUTE, request.getMethodName() + " " + request.getPath())
            .with(LogField.HTTP_STATUS, e.code().httpStatus())
            .with(LogField.ERROR_CODE, e.code().wire());
    if (e.code().retryable()) {
      // Our fault: keep the cause for operators; the caller only sees the code and message.
      line.warn(LOG, e.getCause(), "request failed: {}", e.getMessage());
    } else {
      line.info(LOG, "request refused: {}", e.getMessage());
    }
    return ProblemResponses.of(e, request.getPath());
  }
}
