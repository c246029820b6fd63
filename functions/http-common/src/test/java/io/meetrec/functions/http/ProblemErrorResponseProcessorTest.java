package io.meetrec.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import io.meetrec.shared.error.ErrorCode;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.serde.exceptions.SerdeException;
import org.junit.jupiter.api.Test;

class ProblemErrorResponseProcessorTest {

  @Test
  void mapsFrameworkStatusesToStableCodes() {
    assertThat(ProblemErrorResponseProcessor.classify(404, null, ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(ProblemErrorResponseProcessor.classify(405, null, ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(ProblemErrorResponseProcessor.classify(413, null, ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    assertThat(ProblemErrorResponseProcessor.classify(415, null, ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertThat(
            ProblemErrorResponseProcessor.classify(
                400, new IllegalArgumentException("x"), ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(
            ProblemErrorResponseProcessor.classify(
                500, new IllegalStateException("x"), ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void recognisesUnreadableJsonAndAnUnreachableRedisInTheCauseChain() {
    assertThat(
            ProblemErrorResponseProcessor.classify(
                400, new SerdeException("bad"), ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.MALFORMED_JSON);
    var redisDown =
        new BeanInstantiationException("controller", new RedisConnectionException("refused"));
    assertThat(ProblemErrorResponseProcessor.classify(500, redisDown, ErrorCode.SIGNATURE_INVALID))
        .isEqualTo(ErrorCode.UNAVAILABLE);
  }
}
