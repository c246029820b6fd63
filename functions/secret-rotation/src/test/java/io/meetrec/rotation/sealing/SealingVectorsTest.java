package io.meetrec.rotation.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SealingVectorsTest {

  private static final String CERT = "/sealed-secrets/controller-test-cert.pem";
  private static TestUnsealer unsealer;
  private static HybridSealer sealer;

  record Vector(
      String scope,
      String namespace,
      String name,
      String label,
      String plaintext,
      String ciphertext) {}

  @BeforeAll
  static void keys() throws Exception {
    unsealer = TestUnsealer.fromResource("/sealed-secrets/controller-test-key.pem");
    try (InputStream in = SealingVectorsTest.class.getResourceAsStream(CERT)) {
      sealer = HybridSealer.fromCertificate(in.readAllBytes());
    }
  }

  static List<Vector> vectors() throws Exception {
    try (InputStream in =
        SealingVectorsTest.class.getResourceAsStream("/sealed-secrets/vectors.json")) {
      JsonNode root = JsonMapper.createDefault().readValue(in.readAllBytes(), JsonNode.class);
      List<Vector> out = new ArrayList<>();
      for (JsonNode v : root.get("vectors").values()) {
        out.add(
            new Vector(
                v.get("scope").getStringValue(),
                v.get("namespace").getStringValue(),
                v.get("name").getStringValue(),
                v.get("label").getStringValue(),
                v.get("plaintext").getStringValue(),
                v.get("ciphertext_base64").getStringValue()));
      }
      return out;
    }
  }

  @Test
  void vectorFileCoversEveryScope() throws Exception {
    assertThat(vectors()).extracting(Vector::scope).contains("strict");
    assertThat(vectors()).hasSizeGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void unsealsEveryReferenceVector(Vector v) throws Exception {
    byte[] plain =
        unsealer.unseal(
            Base64.getDecoder().decode(v.ciphertext()), v.label().getBytes(StandardCharsets.UTF_8));
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(v.plaintext());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void derivesTheReferenceLabelFromTheScope(Vector v) {
    SealingScope scope = SealingScope.fromWire(v.scope().replace('_', '-'));
    assertThat(new String(scope.label(v.namespace(), v.name()), StandardCharsets.UTF_8))
        .isEqualTo(v.label());
  }

  @ParameterizedTest
  @EnumSource(SealingScope.class)
  void sealedValueUnsealsWithTheControllerKey(SealingScope scope) throws Exception {
    byte[] label = scope.label("meetrec", "recorder-secrets");
    byte[] sealed = sealer.seal("s3cr3t-value".getBytes(StandardCharsets.UTF_8), label);

    assertThat(new String(unsealer.unseal(sealed, label), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-value");
  }

  @Test
  void strictlySealedValueDoesNotUnsealUnderAnotherName() {
    byte[] sealed =
        sealer.seal(
            "v".getBytes(StandardCharsets.UTF_8),
            SealingScope.STRICT.label("meetrec", "recorder-secrets"));

    assertThatThrownBy(
            () -> unsealer.unseal(sealed, SealingScope.STRICT.label("meetrec", "other-secret")))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void manifestCarriesScopeAnnotationsAndUnsealableData() throws Exception {
    String yaml =
        new SealedSecretManifest(sealer)
            .render(
                "meetrec",
                "recorder-secrets",
                SealingScope.NAMESPACE_WIDE,
                Map.of("recorder-secret", "abc".getBytes(StandardCharsets.UTF_8)));

    assertThat(yaml)
        .contains("apiVersion: bitnami.com/v1alpha1")
        .contains("kind: SealedSecret")
        .contains("sealedsecrets.bitnami.com/namespace-wide: \"true\"");
    String sealed =
        yaml.lines()
            .filter(l -> l.startsWith("    recorder-secret: "))
            .findFirst()
            .orElseThrow()
            .substring("    recorder-secret: ".length());
    assertThat(
            unsealer.unseal(
                Base64.getDecoder().decode(sealed), "meetrec".getBytes(StandardCharsets.UTF_8)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("abc");
  }
}
