package io.meetrec.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.rotation.sealing.TestUnsealer;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.ManagedProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The shaded jar under the Functions Framework invoker, triggered the way Cloud Scheduler's Pub/Sub
 * message reaches it: a CloudEvent of type {@code messagePublished}.
 */
class RotationFunctionIT {

  @TempDir Path dir;

  @Test
  void scheduledMessagePublishesTheSealedSecretAndASecondOneChangesNothing() throws Exception {
    Path cert = dir.resolve("controller.pem");
    try (InputStream in =
        getClass().getResourceAsStream("/sealed-secrets/controller-test-cert.pem")) {
      Files.write(cert, in.readAllBytes());
    }
    Path gitops = Files.createDirectories(dir.resolve("gitops"));
    int port = ManagedProcess.freePort();
    try (ManagedProcess function =
        FunctionInvoker.start(
            "rotation-function",
            FunctionInvoker.functionJar(),
            "io.meetrec.rotation.RotationFunction",
            port,
            Map.of(
                "meetrec.rotation.backend", "in-memory",
                "meetrec.rotation.sink.directory", gitops.toString(),
                "meetrec.rotation.sealing.certificate-file", cert.toString()))) {

      assertThat(trigger(port).statusCode()).as(function.tail()).isEqualTo(200);
      Path manifest = gitops.resolve("sealed-secrets/recorder-secrets.yaml");
      byte[] first = Files.readAllBytes(manifest);
      Map<String, Object> yaml = new Yaml().load(new String(first, StandardCharsets.UTF_8));
      @SuppressWarnings("unchecked")
      Map<String, String> data =
          (Map<String, String>) ((Map<String, Object>) yaml.get("spec")).get("encryptedData");
      byte[] recorderSecret =
          TestUnsealer.fromResource("/sealed-secrets/controller-test-key.pem")
              .unseal(
                  Base64.getDecoder().decode(data.get("recorder-secret")),
                  "meetrec/recorder-secrets".getBytes(StandardCharsets.UTF_8));
      assertThat(Base64.getDecoder().decode(new String(recorderSecret, StandardCharsets.US_ASCII)))
          .hasSize(32);

      assertThat(trigger(port).statusCode()).isEqualTo(200);
      assertThat(Files.readAllBytes(manifest)).isEqualTo(first);
      assertThat(Files.readString(function.log()))
          .contains("\"event\":\"secret.rotated\"")
          .contains("\"outcome\":\"unchanged\"")
          .doesNotContain(new String(recorderSecret, StandardCharsets.US_ASCII));
    }
  }

  private static HttpResponse<String> trigger(int port) throws Exception {
    String body =
        "{\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString("rotate".getBytes(StandardCharsets.UTF_8))
            + "\",\"messageId\":\"1\"},\"subscription\":"
            + "\"projects/meetrec-local/subscriptions/secret-rotation-function\"}";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header(
                    "ce-source",
                    "//pubsub.googleapis.com/projects/meetrec-local/topics/secret-rotation")
                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
