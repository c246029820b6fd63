package io.meetrec.recorder.http;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error Micronaut answers by itself passes through here, so none leaks a stack trace or a
 * non-problem body. That includes requests Netty could not decode (Micronaut answers those 400 or,
 * for any over-long part, 413): the decoder's cause says which limit was hit, so an over-long
 * request line is {@code uri_too_long} (414) and an oversized header section {@code
 * headers_too_large} (431), as HTTP names them.
 */
@Singleton
public class RecorderErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  private static final Logger LOG = LoggerFactory.getLogger(RecorderErrorResponseProcessor.class);

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    Throwable undecodable = decoderFailure(context.getRequest());
    Throwable root = context.getRootCause().orElse(null);
    ErrorCode code = classify(base.code(), undecodable, root);
    if (code.retryable()) {
      LOG.warn("request failed with {}", code.wire(), root);
    }
    MutableHttpResponse<Problem> response =
        base.status(HttpStatus.valueOf(code.httpStatus()))
            .contentType(Problem.CONTENT_TYPE)
            .body(
                Problem.of(
                    code,
                    detail(code, context),
                    // Netty names an undecodable request "/bad-request", which it never asked for.
                    undecodable == null ? context.getRequest().getPath() : null));
    if (code.retryable()) {
      response.header("Retry-After", "1");
    }
    return response;
  }

  static ErrorCode classify(int status, @Nullable Throwable undecodable, @Nullable Throwable root) {
    if (undecodable != null) {
      if (undecodable instanceof TooLongHttpLineException) {
        return ErrorCode.URI_TOO_LONG;
      }
      if (undecodable instanceof TooLongHttpHeaderException) {
        return ErrorCode.HEADERS_TOO_LARGE;
      }
      if (undecodable instanceof TooLongHttpContentException) {
        return ErrorCode.BODY_TOO_LARGE;
      }
      return ErrorCode.MALFORMED_REQUEST;
    }
    for (Throwable t = root; t != null; t = t.getCause()) {
      if (t instanceof RecordingException e) {
        return e.code();
      }
    }
    return switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> ErrorCode.BODY_TOO_LARGE;
      case 415, 406 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> status >= 400 && status < 500 ? ErrorCode.INVALID_FIELD : ErrorCode.INTERNAL;
    };
  }

  private static @Nullable Throwable decoderFailure(HttpRequest<?> request) {
    if (request instanceof NettyHttpRequest<?> netty) {
      DecoderResult result = netty.getNativeRequest().decoderResult();
      if (result.isFailure()) {
        return result.cause();
      }
    }
    return null;
  }

  private static String detail(ErrorCode code, ErrorContext context) {
    return switch (code) {
      case MALFORMED_REQUEST -> "not a valid HTTP request";
      case URI_TOO_LONG -> "request line too long";
      case HEADERS_TOO_LARGE -> "request headers too large";
      case NOT_FOUND -> "no such endpoint";
      case METHOD_NOT_ALLOWED -> "method not allowed here";
      case BODY_TOO_LARGE -> "request body too large";
      case UNSUPPORTED_MEDIA_TYPE -> "unsupported content type";
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
