package io.meetrec.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.ManagedProcess;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The built signing jar, booted by the Functions Framework invoker and called over HTTP. */
class SigningInvokerIT {

  @Test
  void theShadedJarMintsTokensUnderTheInvoker() throws Exception {
    LocalIdTokens google = new LocalIdTokens("invoker-key");
    String id = "rec_invoker_" + UUID.randomUUID().toString().substring(0, 8);
    RedisClient redis = RedisClient.create(LocalServices.redis().uri());
    try (var connection = redis.connect()) {
      RecordingStore store =
          new RecordingStore(connection.sync(), JsonMapper.createDefault(), Clock.systemUTC());
      Instant now = Instant.now();
      RecordingJob job =
          new RecordingJob(
              RecordingJob.SCHEMA_VERSION,
              id,
              "https://8.8.8.8/m",
              "conf-invoker",
              60,
              null,
              false,
              null,
              Map.of(),
              now,
              now.plusSeconds(600));
      store.claim(job, "recorder-invoker", Duration.ofSeconds(60));
    } finally {
      redis.shutdown();
    }

    int port = ManagedProcess.freePort();
    try (ManagedProcess function = start(port, SigningTestServices.properties(google))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> minted =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/join-tokens"))
                  .header("Authorization", "Bearer " + google.token())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"recordingId\":\"" + id + "\",\"owner\":\"recorder-invoker\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/join-tokens"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(minted.statusCode()).as(function.tail()).isEqualTo(200);
      assertThat(minted.body()).contains("\"token\":\"ey");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).contains("\"code\":\"token_invalid\"");
    }
  }

  private static ManagedProcess start(int port, Map<String, String> properties) {
    return FunctionInvoker.start(
        "signing-invoker",
        FunctionInvoker.functionJar(),
        FunctionInvoker.HTTP_FUNCTION,
        port,
        properties);
  }
}
