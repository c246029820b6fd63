package io.meetrec.shared.error;

/**
 * The one exception type of the project. Its message is shown to callers and written to logs, so it
 * must never contain a secret, a token or a signature.
 */
public class RecordingException extends RuntimeException {

  private final ErrorCode code;

  public RecordingException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public RecordingException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "RecordingException[" + code.wire() + "]: " + getMessage();
  }
}
