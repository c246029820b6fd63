package io.meetrec.rotation.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.rotation.sealing.TestUnsealer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealCommandTest {

  @TempDir Path dir;
  private Path cert;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void copyCertificate() throws Exception {
    cert = dir.resolve("controller.pem");
    try (InputStream in =
        getClass().getResourceAsStream("/sealed-secrets/controller-test-cert.pem")) {
      Files.write(cert, in.readAllBytes());
    }
  }

  private int run(String stdin, String... args) {
    return SealCommand.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void sealsStdinForTheStrictScopeByDefault() throws Exception {
    int code = run("hunter2", "--cert", cert.toString(), "--namespace", "meetrec", "--name", "app");

    assertThat(code).isZero();
    byte[] sealed = Base64.getDecoder().decode(out.toString(StandardCharsets.UTF_8).trim());
    byte[] plain =
        TestUnsealer.fromResource("/sealed-secrets/controller-test-key.pem")
            .unseal(sealed, "meetrec/app".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("hunter2");
  }

  @Test
  void sealsAFileIntoAClusterWideManifest() throws Exception {
    Path value = Files.writeString(dir.resolve("value.txt"), "from-a-file");

    int code =
        run(
            "",
            "--cert",
            cert.toString(),
            "--scope",
            "cluster-wide",
            "--key",
            "token",
            "--in",
            value.toString());

    assertThat(code).isZero();
    String yaml = out.toString(StandardCharsets.UTF_8);
    assertThat(yaml)
        .contains("kind: SealedSecret")
        .contains("sealedsecrets.bitnami.com/cluster-wide: \"true\"");
    String sealed =
        yaml.lines()
            .filter(l -> l.startsWith("    token: "))
            .findFirst()
            .orElseThrow()
            .substring(11);
    byte[] plain =
        TestUnsealer.fromResource("/sealed-secrets/controller-test-key.pem")
            .unseal(Base64.getDecoder().decode(sealed), new byte[0]);
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("from-a-file");
  }

  @Test
  void refusesAnUnknownScopeWithUsage() {
    int code = run("x", "--cert", cert.toString(), "--scope", "galaxy-wide");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown scope").contains("usage:");
    assertThat(out.size()).isZero();
  }

  @Test
  void refusesAMissingCertificateOption() {
    assertThat(run("x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cert is required");
  }
}
