package io.meetrec.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.RawHttp;
import io.meetrec.testing.RawHttp.Reply;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the Functions Framework invoker's Jetty refuses before the function runs, sent to the
 * shaded jar over a raw socket. The invoker (the one the buildpack runs in the cloud) offers no way
 * to change that answer, so this pins what docs/errors.md says of it: a 4xx with the right status
 * and Jetty's one-line HTML body, no stack trace, never a 5xx; the function keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokerMalformedHttpIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final IntakeTestServices services = new IntakeTestServices();
  private int port;
  private ManagedProcess function;

  @BeforeAll
  void start() {
    port = ManagedProcess.freePort();
    function =
        FunctionInvoker.start(
            "intake-malformed-http",
            FunctionInvoker.functionJar(),
            FunctionInvoker.HTTP_FUNCTION,
            port,
            services.properties());
  }

  @AfterAll
  void stop() {
    function.close();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("garbage request line", RawHttp.GARBAGE, 400),
        Arguments.of("20 KiB URI", RawHttp.longUri(20 * 1024), 414),
        Arguments.of("64 KiB of headers", RawHttp.largeHeaders(64 * 1024), 431));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void jettyRefusesBeforeTheFunctionRunsWithItsStatusAndNoStackTrace(
      String name, String request, int status) {
    Reply reply = RawHttp.send(port, request, TIMEOUT);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type"))
        .as("Jetty's own error body; if this changes, update docs/errors.md")
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
    assertThat(reply.body())
        .startsWith("<h1>Bad Message " + status + "</h1>")
        .doesNotContain("Exception")
        .doesNotContain("at org.")
        .doesNotContain("at io.");
  }

  @Test
  void theFunctionStillAnswersWithProblemDocumentsAfterwards() {
    RawHttp.send(port, RawHttp.largeHeaders(64 * 1024), TIMEOUT);

    Reply unsigned =
        RawHttp.send(
            port,
            "GET /v1/recordings/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            TIMEOUT);

    assertThat(unsigned.status()).as(function.tail()).isEqualTo(401);
    assertThat(unsigned.header("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(unsigned.body()).contains("\"code\":\"signature_missing\"");
  }
}
