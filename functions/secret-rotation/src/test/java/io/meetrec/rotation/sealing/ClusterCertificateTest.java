package io.meetrec.rotation.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate fetch against a local HTTP server standing in for the Container API and the
 * Kubernetes API server's service proxy (neither has a local form); the real TLS path trusts the
 * cluster CA the Container API returns.
 */
class ClusterCertificateTest {

  private static final String CLUSTER = "projects/p/locations/europe-west1/clusters/meetrec-dev";
  private HttpServer server;
  private String base;
  private final AtomicInteger controllerStatus = new AtomicInteger(200);
  private final List<String> seen = new ArrayList<>();
  private byte[] pem;

  @BeforeEach
  void start() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/sealed-secrets/controller-test-cert.pem")) {
      pem = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/v1/" + CLUSTER,
        exchange -> {
          seen.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"name\":\"meetrec-dev\",\"endpoint\":\"" + base + "\",\"masterAuth\":{}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem",
        exchange -> {
          seen.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          int status = controllerStatus.get();
          byte[] body =
              status == 200 ? pem : "no endpoints available".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ClusterCertificate certificate(String containerApi) {
    SealingConfiguration config =
        new SealingConfiguration(
            null,
            null,
            CLUSTER,
            "kube-system",
            "sealed-secrets-controller",
            containerApi,
            "meetrec",
            "recorder-secrets",
            "strict");
    return new ClusterCertificate(config, JsonMapper.createDefault(), () -> "token-1");
  }

  @Test
  void fetchesTheControllerCertificateThroughTheApiServerProxy() throws IOException {
    assertThat(certificate(base).fetch()).hasValueSatisfying(c -> assertThat(c).isEqualTo(pem));
    assertThat(seen)
        .containsExactly(
            "/v1/" + CLUSTER + " Bearer token-1",
            "/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem Bearer token-1");
    // What it fetched seals: the recorder's secret can be published.
    assertThat(HybridSealer.fromCertificate(certificate(base).fetch().orElseThrow())).isNotNull();
  }

  /** Before flux bootstrap installed the controller the proxy answers 503: seed now, seal later. */
  @Test
  void aControllerThatDoesNotAnswerYetIsNoCertificateNotAFailure() throws IOException {
    controllerStatus.set(503);
    assertThat(certificate(base).fetch()).isEmpty();
    controllerStatus.set(404);
    assertThat(certificate(base).fetch()).isEmpty();
  }

  @Test
  void aClusterTheFunctionCannotReadIsAFailure() {
    assertThatThrownBy(() -> certificate(base + "/nowhere").fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("404");
  }
}
