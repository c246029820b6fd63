package io.meetrec.shared.recording;

import io.meetrec.shared.error.ErrorCode;
import io.micronaut.serde.annotation.Serdeable;

/** Why a recording failed: a stable {@link ErrorCode} wire code and a human message. */
@Serdeable
public record RecordingError(String code, String message) {

  public static RecordingError of(ErrorCode code, String message) {
    return new RecordingError(code.wire(), message);
  }
}
