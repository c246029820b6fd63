package io.meetrec.rotation.sealing;

import com.google.auth.oauth2.GoogleCredentials;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the sealed-secrets controller's public certificate from the cluster itself, as {@code
 * kubeseal --fetch-cert} does: the Container API ({@code container.clusters.get}) gives the control
 * plane's endpoint and CA, and the API server's service proxy serves the controller's {@code
 * /v1/cert.pem} (a namespaced Role in kube-system lets this function's Google identity get that one
 * proxy, k8s/infrastructure/rotation-rbac.yaml). So no certificate is ever an input of the
 * deployment, and a re-keyed or re-installed controller is picked up on the next run.
 */
@Singleton
@Requires(property = SealingConfiguration.PREFIX + ".cluster")
public final class ClusterCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterCertificate.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** An OAuth access token of the function's identity. */
  public interface AccessTokens {
    String token() throws IOException;
  }

  private final SealingConfiguration config;
  private final JsonMapper json;
  private final AccessTokens tokens;

  /** Tokens of the application default credentials unless a bean of its own is given. */
  @Inject
  public ClusterCertificate(
      SealingConfiguration config, JsonMapper json, @Nullable AccessTokens tokens) {
    this.config = config;
    this.json = json;
    this.tokens = tokens != null ? tokens : ClusterCertificate::applicationDefaultToken;
  }

  /**
   * The controller's certificate (PEM), or empty while the controller does not answer yet (before
   * flux bootstrap installed it); the caller publishes nothing then and the next run tries again.
   *
   * @throws IOException when the cluster cannot be read at all (permissions, wrong name)
   */
  public Optional<byte[]> fetch() throws IOException {
    String token = tokens.token();
    HttpClient api = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    // GET https://container.googleapis.com/v1/projects/<p>/locations/<l>/clusters/<n>
    HttpResponse<byte[]> cluster =
        send(api, URI.create(config.containerApi() + "/v1/" + config.cluster()), token);
    if (cluster.statusCode() != 200) {
      throw new IOException(
          "Container API answered " + cluster.statusCode() + " for " + config.cluster());
    }
    Map<String, Object> body =
        json.readValue(cluster.body(), Argument.mapOf(String.class, Object.class));
    String endpoint = (String) body.get("endpoint");
    if (endpoint == null) {
      throw new IOException("cluster " + config.cluster() + " has no endpoint yet");
    }
    String base = endpoint.contains("://") ? endpoint : "https://" + endpoint;
    HttpClient.Builder controlPlane = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (base.startsWith("https://")) {
      controlPlane.sslContext(trusting(caOf(body)));
    }
    URI cert =
        URI.create(
            base
                + "/api/v1/namespaces/"
                + config.controllerNamespace()
                + "/services/http:"
                + config.controllerName()
                + ":http/proxy/v1/cert.pem");
    HttpResponse<byte[]> pem;
    try {
      pem = send(controlPlane.build(), cert, token);
    } catch (IOException e) {
      LOG.warn("sealed-secrets controller not reachable yet: {}", e.getMessage());
      return Optional.empty();
    }
    String text = new String(pem.body(), StandardCharsets.US_ASCII);
    if (pem.statusCode() != 200 || !text.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
      // 404/503 while the controller is not installed or not ready; 403 if the Role is missing.
      LOG.warn(
          "sealed-secrets controller certificate not available yet (HTTP {})", pem.statusCode());
      return Optional.empty();
    }
    return Optional.of(pem.body());
  }

  private static HttpResponse<byte[]> send(HttpClient client, URI uri, String token)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static byte[] caOf(Map<String, Object> cluster) throws IOException {
    Object auth = cluster.get("masterAuth");
    Object ca =
        auth instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("clusterCaCertificate") : null;
    if (!(ca instanceof String base64)) {
      throw new IOException("cluster has no CA certificate");
    }
    return Base64.getDecoder().decode(base64);
  }

  private static SSLContext trusting(byte[] caPem) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry(
          "cluster-ca",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(caPem)));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cluster CA certificate is not usable", e);
    }
  }

  private static String applicationDefaultToken() throws IOException {
    GoogleCredentials credentials =
        GoogleCredentials.getApplicationDefault()
            .createScoped("https://www.googleapis.com/auth/cloud-platform");
    credentials.refreshIfExpired();
    return credentials.getAccessToken().getTokenValue();
  }
}
