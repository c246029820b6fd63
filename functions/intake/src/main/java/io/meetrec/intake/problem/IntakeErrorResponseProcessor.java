package io.meetrec.intake.problem;

import io.meetrec.functions.http.ProblemErrorResponseProcessor;
import io.meetrec.shared.error.ErrorCode;
import jakarta.inject.Singleton;

/** Framework errors of the intake as problem documents; a bare 401 is a bad request signature. */
@Singleton
public class IntakeErrorResponseProcessor extends ProblemErrorResponseProcessor {

  public IntakeErrorResponseProcessor() {
    super(ErrorCode.SIGNATURE_INVALID);
  }
}
