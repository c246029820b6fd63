package io.meetrec.recorder.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.json.JsonMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recorder's side of the signing function's contract, against a local HTTP server. */
class SigningFunctionJoinTokenClientTest {

  private HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicReference<String> auth = new AtomicReference<>();
  private final AtomicReference<String> path = new AtomicReference<>();
  private volatile int status = 200;

  private final RecordingJob job =
      new RecordingJob(
          1,
          "rec_42",
          "https://meet.example.com/r",
          "conf-9",
          60,
          null,
          false,
          null,
          Map.of(),
          Instant.now(),
          Instant.now().plusSeconds(600));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            path.set(exchange.getRequestURI().getPath());
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer =
                "{\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.sig\",\"audience\":\"conf-9\"}".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private SigningFunctionJoinTokenClient client() {
    return new SigningFunctionJoinTokenClient(
        new JoinTokenConfiguration(
            "signing",
            baseUrl(),
            null,
            "/dev/null",
            "x",
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            null,
            null),
        new RecorderConfiguration("recorder-pod-7", "/tmp", Duration.ofSeconds(30)),
        JsonMapper.createDefault(),
        audience -> "id-token-for-" + audience);
  }

  @Test
  void asksForTheClaimedRecordingAsItsOwnerWithAnIdToken() {
    String token = client().joinToken(job);

    assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiJ9.e30.sig");
    assertThat(path.get()).isEqualTo("/v1/join-tokens");
    assertThat(body.get()).isEqualTo("{\"recordingId\":\"rec_42\",\"owner\":\"recorder-pod-7\"}");
    assertThat(auth.get()).isEqualTo("Bearer id-token-for-" + baseUrl());
  }

  @Test
  void refusalBecomesJoinTokenFailed() {
    status = 403;
    assertThatThrownBy(() -> client().joinToken(job))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOIN_TOKEN_FAILED));
  }
}
