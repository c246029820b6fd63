package io.meetrec.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An https receiver on 127.0.0.1 whose certificate names {@code hooks.meetrec.test}, a name no DNS
 * knows: the request can only succeed if the client connects to the given address without a lookup,
 * and must still check the certificate against the URL's host name.
 */
class PinnedHttpClientTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static HttpsServer server;
  private static SSLContext clientTls;
  private static final List<String> hosts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("pinned-tls");
    Path keystore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=hooks.meetrec.test",
                "-ext",
                "SAN=dns:hooks.meetrec.test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", ks.getCertificate("server"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext(
        "/",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static PinnedHttpClient client() {
    return new PinnedHttpClient(
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        clientTls.getSocketFactory());
  }

  @Test
  void connectsToTheCheckedAddressAndVerifiesTheCertificateAgainstTheUrlHost() throws Exception {
    int port = server.getAddress().getPort();
    URI uri = URI.create("https://hooks.meetrec.test:" + port + "/hook?x=1");

    int status =
        client()
            .post(uri, InetAddress.getLoopbackAddress(), Map.of("X-Test", "1"), "{}".getBytes());

    assertThat(status).isEqualTo(202);
    assertThat(hosts).contains("hooks.meetrec.test:" + port);
  }

  @Test
  void refusesACertificateThatDoesNotNameTheUrlHost() {
    int port = server.getAddress().getPort();
    URI uri = URI.create("https://other.meetrec.test:" + port + "/hook");

    assertThatThrownBy(
            () -> client().post(uri, InetAddress.getLoopbackAddress(), Map.of(), "{}".getBytes()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void refusesHeaderValuesThatWouldSplitTheRequest() {
    int port = server.getAddress().getPort();
    URI uri = URI.create("https://hooks.meetrec.test:" + port + "/hook");

    assertThatThrownBy(
            () ->
                client()
                    .post(
                        uri,
                        InetAddress.getLoopbackAddress(),
                        Map.of("X-Bad", "a\r\nInjected: yes"),
                        "{}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReceiverTricklingItsAnswerIsCutOffAtTheDeliveryDeadline() throws Exception {
    try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = trickler.accept()) {
                      byte[] status = "HTTP/1.1 200 OK\r\n\r\n".getBytes();
                      // One byte every 300 ms: every read is well within the 1 s read timeout.
                      for (byte b : status) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                        Thread.sleep(300);
                      }
                    } catch (Exception closedByTheClient) {
                      // the client gave up: what this test wants
                    }
                  });
      PinnedHttpClient client =
          new PinnedHttpClient(
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofMillis(1500),
              clientTls.getSocketFactory());
      URI uri = URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/hook");
      long started = System.nanoTime();

      assertThatThrownBy(
              () -> client.post(uri, InetAddress.getLoopbackAddress(), Map.of(), "{}".getBytes()))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("delivery deadline");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      // The whole answer would take 5.7 s; the attempt ends at the deadline, not at the last byte.
      assertThat(took).isLessThan(Duration.ofMillis(4000));
      answer.join(Duration.ofSeconds(10));
    }
  }
}
