package io.meetrec.shared.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceContextTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void readsW3cTraceparent() {
    assertThat(
            TraceContext.fromHeaders(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null))
        .contains(new TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
  }

  @Test
  void readsCloudTraceContextWithItsDecimalSpanAsHex() {
    assertThat(TraceContext.fromHeaders(null, "105445AA7843BC8BF206B12000100000/1;o=1"))
        .contains(new TraceContext("105445aa7843bc8bf206b12000100000", "0000000000000001"));
    assertThat(TraceContext.fromHeaders(null, "105445aa7843bc8bf206b12000100000"))
        .contains(new TraceContext("105445aa7843bc8bf206b12000100000", null));
  }

  @Test
  void prefersTraceparentAndIgnoresMalformedOrZeroIds() {
    assertThat(
            TraceContext.fromHeaders(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "105445aa7843bc8bf206b12000100000/1"))
        .map(TraceContext::traceId)
        .contains("0af7651916cd43dd8448eb211c80319c");
    assertThat(TraceContext.fromHeaders("00-" + "0".repeat(32) + "-b7ad6b7169203331-01", null))
        .isEmpty();
    assertThat(TraceContext.fromHeaders("garbage", "also garbage")).isEmpty();
    assertThat(TraceContext.fromHeaders(null, null)).isEmpty();
  }

  @Test
  void openPutsTheTraceOnTheThreadAndCloseRestores() throws Exception {
    MDC.put(LogKeys.MDC_TRACE_ID, "outer");
    try (AutoCloseable ignored =
        new TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331").open()) {
      assertThat(MDC.get(LogKeys.MDC_TRACE_ID)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(MDC.get(LogKeys.MDC_SPAN_ID)).isEqualTo("b7ad6b7169203331");
    }
    assertThat(MDC.get(LogKeys.MDC_TRACE_ID)).isEqualTo("outer");
    assertThat(MDC.get(LogKeys.MDC_SPAN_ID)).isNull();
  }
}
