package io.meetrec.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.testing.RawHttp;
import io.meetrec.testing.RawHttp.Reply;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests the recorder's HTTP server refuses before any route runs, sent over a raw socket: each
 * gets its status and code as a problem document, never Micronaut's default body or a 5xx.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedHttpIT implements TestPropertyProvider {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RecorderFixture world = new RecorderFixture();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("malformed-http"));
    // Only the HTTP server matters: no jobs, no reaper, no browser.
    p.put("meetrec.test.fake-capture", "true");
    p.put("meetrec.recorder.job.enabled", "false");
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    return p;
  }

  @Test
  void garbageRequestLineIsAMalformedRequest() throws IOException {
    assertProblem(
        RawHttp.send(server.getPort(), RawHttp.GARBAGE, TIMEOUT), 400, "malformed_request");
  }

  @Test
  void twentyKilobyteUriIsTooLong() throws IOException {
    assertProblem(
        RawHttp.send(server.getPort(), RawHttp.longUri(20 * 1024), TIMEOUT), 414, "uri_too_long");
  }

  @Test
  void sixtyFourKilobytesOfHeadersAreTooLarge() throws IOException {
    assertProblem(
        RawHttp.send(server.getPort(), RawHttp.largeHeaders(64 * 1024), TIMEOUT),
        431,
        "headers_too_large");
  }

  @Test
  void theServerStillAnswersAfterwards() throws IOException {
    RawHttp.send(server.getPort(), RawHttp.GARBAGE, TIMEOUT);

    Reply health =
        RawHttp.send(
            server.getPort(),
            "GET /health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            TIMEOUT);

    assertThat(health.status()).as(health.toString()).isEqualTo(200);
  }

  private void assertProblem(Reply reply, int status, String code) throws IOException {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(reply.body())
        .doesNotContainIgnoringCase("<html")
        .doesNotContain("Exception")
        .doesNotContain("at io.");
    @SuppressWarnings("unchecked")
    Map<String, Object> problem = json.readValue(reply.body(), Map.class);
    assertThat(problem)
        .containsEntry("type", "urn:meetrec:problem:" + code)
        .containsEntry("status", status)
        .containsEntry("code", code)
        .containsKeys("title", "detail");
  }
}
