package io.meetrec.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.rotation.sealing.TestUnsealer;
import io.meetrec.rotation.secrets.SecretVersions;
import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class RotationFunctionTest {

  private static final byte[] STRICT_LABEL =
      "meetrec/recorder-secrets".getBytes(StandardCharsets.UTF_8);

  @TempDir Path gitops;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T04:00:00Z"));
  private ApplicationContext context;
  private RotationFunction function;
  private TestUnsealer unsealer;

  @BeforeEach
  void start() throws Exception {
    String cert;
    try (InputStream in =
        getClass().getResourceAsStream("/sealed-secrets/controller-test-cert.pem")) {
      cert = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    context =
        ApplicationContext.builder()
            .properties(
                Map.of(
                    "meetrec.rotation.backend",
                    "in-memory",
                    "meetrec.rotation.sink.directory",
                    gitops.toString(),
                    "meetrec.rotation.sealing.certificate",
                    cert))
            .singletons(clock)
            .start();
    function = new RotationFunction(context);
    unsealer = TestUnsealer.fromResource("/sealed-secrets/controller-test-key.pem");
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void publishesASealedSecretWithTheCurrentValuesForFlux() throws Exception {
    function.accept(null);

    Map<String, Object> manifest = manifest();
    assertThat(manifest).containsEntry("apiVersion", "bitnami.com/v1alpha1");
    assertThat(manifest).containsEntry("kind", "SealedSecret");
    assertThat(metadata(manifest)).containsEntry("name", "recorder-secrets");
    assertThat(metadata(manifest)).containsEntry("namespace", "meetrec");
    Map<String, String> data = encryptedData(manifest);
    assertThat(data).containsOnlyKeys("recorder-secret", "join-token-secret");
    assertThat(unseal(data.get("recorder-secret")))
        .isEqualTo(currentValue(ManagedSecret.RECORDER))
        .satisfies(v -> assertThat(Base64.getDecoder().decode(v)).hasSize(32));
    assertThat(unseal(data.get("join-token-secret")))
        .isEqualTo(currentValue(ManagedSecret.JOIN_TOKEN));
  }

  /** A new environment's functions find a first version of every secret they read. */
  @Test
  void firstRunSeedsTheSecretsThatAreNeverRotatedAndLaterRunsKeepThem() throws Exception {
    function.accept(null);
    String clients = currentValue(ManagedSecret.CLIENT_SECRETS);
    String signing = currentValue(ManagedSecret.WEBHOOK_SIGNING);
    assertThat(clients).isEqualTo("{}");
    assertThat(signing).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(signing.substring("whsec_".length()))).hasSize(32);

    clock.advance(Duration.ofDays(60));
    function.accept(null);
    SecretVersions versions = context.getBean(SecretVersions.class);
    assertThat(versions.list(ManagedSecret.WEBHOOK_SIGNING.secretId())).hasSize(1);
    assertThat(versions.list(ManagedSecret.CLIENT_SECRETS.secretId())).hasSize(1);
    assertThat(currentValue(ManagedSecret.WEBHOOK_SIGNING)).isEqualTo(signing);
    // Only the rotated secrets are in the recorder's Secret.
    assertThat(encryptedData(manifest())).doesNotContainKeys("meetrec-client-secrets");
  }

  @Test
  void secondRunInsideTheIntervalLeavesTheManifestAlone() throws Exception {
    function.accept(null);
    byte[] first = Files.readAllBytes(manifestFile());

    clock.advance(Duration.ofDays(10));
    function.accept(null);

    assertThat(Files.readAllBytes(manifestFile())).isEqualTo(first);
  }

  @Test
  void rotationPublishesThePreviousValueForTheOverlap() throws Exception {
    function.accept(null);
    String before = currentValue(ManagedSecret.RECORDER);

    clock.advance(Duration.ofDays(30));
    function.accept(null);

    Map<String, String> data = encryptedData(manifest());
    assertThat(data)
        .containsOnlyKeys(
            "recorder-secret",
            "recorder-secret.previous",
            "join-token-secret",
            "join-token-secret.previous");
    assertThat(unseal(data.get("recorder-secret.previous"))).isEqualTo(before);
    assertThat(unseal(data.get("recorder-secret"))).isNotEqualTo(before);

    clock.advance(Duration.ofDays(2));
    function.accept(null);
    assertThat(encryptedData(manifest())).containsOnlyKeys("recorder-secret", "join-token-secret");
  }

  private String currentValue(ManagedSecret secret) {
    SecretVersions versions = context.getBean(SecretVersions.class);
    String id =
        versions.list(secret.secretId()).stream()
            .filter(v -> v.enabled())
            .sorted(io.meetrec.rotation.secrets.SecretVersion.NEWEST_FIRST)
            .findFirst()
            .orElseThrow()
            .id();
    return new String(versions.access(secret.secretId(), id), StandardCharsets.US_ASCII);
  }

  private String unseal(String base64) throws Exception {
    return new String(
        unsealer.unseal(Base64.getDecoder().decode(base64), STRICT_LABEL),
        StandardCharsets.US_ASCII);
  }

  private Path manifestFile() {
    return gitops.resolve("sealed-secrets/recorder-secrets.yaml");
  }

  private Map<String, Object> manifest() throws Exception {
    return new Yaml().load(Files.readString(manifestFile()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> manifest) {
    return (Map<String, Object>) manifest.get("metadata");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> encryptedData(Map<String, Object> manifest) {
    return (Map<String, String>) ((Map<String, Object>) manifest.get("spec")).get("encryptedData");
  }
}
