package io.meetrec.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.shared.error.ErrorCode;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;

class RecorderErrorResponseProcessorTest {

  @Test
  void namesTheLimitAnUndecodableRequestHit() {
    // Micronaut answers every over-long part 413 and anything else undecodable 400.
    assertThat(RecorderErrorResponseProcessor.classify(413, new TooLongHttpLineException(), null))
        .isEqualTo(ErrorCode.URI_TOO_LONG);
    assertThat(RecorderErrorResponseProcessor.classify(413, new TooLongHttpHeaderException(), null))
        .isEqualTo(ErrorCode.HEADERS_TOO_LARGE);
    assertThat(
            RecorderErrorResponseProcessor.classify(413, new TooLongHttpContentException(), null))
        .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    assertThat(
            RecorderErrorResponseProcessor.classify(
                400, new IllegalArgumentException("invalid version format: "), null))
        .isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void mapsOtherFrameworkStatusesToStableCodes() {
    assertThat(RecorderErrorResponseProcessor.classify(404, null, null))
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(RecorderErrorResponseProcessor.classify(413, null, null))
        .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    assertThat(RecorderErrorResponseProcessor.classify(400, null, new IllegalStateException()))
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(RecorderErrorResponseProcessor.classify(500, null, new IllegalStateException()))
        .isEqualTo(ErrorCode.INTERNAL);
  }
}
