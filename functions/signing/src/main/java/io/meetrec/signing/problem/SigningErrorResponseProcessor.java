package io.meetrec.signing.problem;

import io.meetrec.functions.http.ProblemErrorResponseProcessor;
import io.meetrec.shared.error.ErrorCode;
import jakarta.inject.Singleton;

/** Framework errors of the signing function as problem documents; a bare 401 is a bad ID token. */
@Singleton
public class SigningErrorResponseProcessor extends ProblemErrorResponseProcessor {

  public SigningErrorResponseProcessor() {
    super(ErrorCode.TOKEN_INVALID);
  }
}
