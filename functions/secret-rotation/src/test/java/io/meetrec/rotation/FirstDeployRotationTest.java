package io.meetrec.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.meetrec.rotation.sealing.ClusterCertificate;
import io.meetrec.rotation.secrets.SecretVersions;
import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run during the first {@code terraform apply}: the cluster exists but Flux has not installed
 * the sealed-secrets controller yet. The run seeds every secret and succeeds (the apply goes on);
 * the first run after the controller answers publishes the SealedSecret. The Container API and the
 * API server's proxy are a local HTTP server (neither has a local form).
 */
class FirstDeployRotationTest {

  private static final String CLUSTER = "projects/p/locations/europe-west1/clusters/meetrec-dev";
  @TempDir Path gitops;
  private final AtomicBoolean controllerUp = new AtomicBoolean(false);
  private HttpServer server;
  private ApplicationContext context;

  @BeforeEach
  void start() throws Exception {
    byte[] pem;
    try (InputStream in =
        getClass().getResourceAsStream("/sealed-secrets/controller-test-cert.pem")) {
      pem = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/v1/" + CLUSTER,
        exchange -> {
          byte[] body = ("{\"endpoint\":\"" + base + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem",
        exchange -> {
          byte[] body = controllerUp.get() ? pem : "no endpoints".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(controllerUp.get() ? 200 : 503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    context =
        ApplicationContext.builder()
            .properties(
                Map.of(
                    "meetrec.rotation.backend",
                    "in-memory",
                    "meetrec.rotation.sink.directory",
                    gitops.toString(),
                    "meetrec.rotation.sealing.cluster",
                    CLUSTER,
                    "meetrec.rotation.sealing.container-api",
                    base))
            .singletons(
                new MutableClock(Instant.parse("2026-03-01T04:00:00Z")),
                (ClusterCertificate.AccessTokens) () -> "test-token")
            .start();
  }

  @AfterEach
  void stop() {
    context.close();
    server.stop(0);
  }

  @Test
  void seedsEverySecretBeforeTheControllerRunsAndPublishesOnceItDoes() throws Exception {
    RotationFunction function = new RotationFunction(context);
    function.accept(null);

    SecretVersions versions = context.getBean(SecretVersions.class);
    for (ManagedSecret secret : ManagedSecret.values()) {
      assertThat(versions.list(secret.secretId())).as(secret.secretId()).hasSize(1);
    }
    try (var files = Files.walk(gitops)) {
      assertThat(files.filter(Files::isRegularFile)).as("nothing published yet").isEmpty();
    }

    controllerUp.set(true);
    function.accept(null);
    try (var files = Files.walk(gitops)) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
    for (ManagedSecret secret : ManagedSecret.values()) {
      assertThat(versions.list(secret.secretId())).as("no second version").hasSize(1);
    }
  }
}
