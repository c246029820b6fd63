package io.meetrec.shared.error;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem document with the project's stable {@code code} extension member.
 *
 * @param type a URI naming the problem kind; {@code urn:meetrec:problem:<code>}
 * @param title a short human summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this occurrence (never a secret)
 * @param instance the request path or recording id, if known
 * @param code the stable error code ({@link ErrorCode#wire()})
 */
@Serdeable
public record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    String code) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public static Problem of(ErrorCode code, String detail, @Nullable String instance) {
    return new Problem(
        "urn:meetrec:problem:" + code.wire(),
        title(code),
        code.httpStatus(),
        detail,
        instance,
        code.wire());
  }

  public static Problem of(RecordingException e) {
    return of(e.code(), e.getMessage(), null);
  }

  public static Problem of(RecordingException e, @Nullable String instance) {
    return of(e.code(), e.getMessage(), instance);
  }

  private static String title(ErrorCode code) {
    String words = code.wire().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
