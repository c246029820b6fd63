package io.meetrec.infra.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Names;
import io.meetrec.infra.Repo;
import io.meetrec.infra.hcl.Body;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclParser;
import io.meetrec.infra.hcl.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What must agree between Terraform, the manifests and the code. */
@SuppressWarnings("unchecked")
class ManifestInvariantsTest {
  private static final Path TF = Repo.root().resolve("terraform");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void recorderPodsLandOnTheTerraformNodePoolOnly(String overlay) throws IOException {
    Block pool =
        resource(
            TF.resolve("modules/recorder-pool/main.tf"), "google_container_node_pool", "recorder");
    Body nodeConfig = pool.body().blocks("node_config").get(0).body();
    Body taint = nodeConfig.blocks("taint").get(0).body();
    Map<String, String> labels =
        stringMap(nodeConfig.attribute("labels").orElseThrow().value().tokens());

    Map<String, Object> pod = Manifests.path(deployment(overlay), "spec.template.spec");
    assertThat((Map<String, Object>) Manifests.path(pod, "nodeSelector"))
        .isEqualTo(Map.copyOf(labels));
    assertThat((List<Map<String, Object>>) Manifests.path(pod, "tolerations"))
        .contains(
            Map.of(
                "key", literal(taint, "key"),
                "operator", "Equal",
                "value", literal(taint, "value"),
                "effect", kubernetesEffect(literal(taint, "effect"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void serviceAccountAnnotationIsTheTerraformRecorderAccount(String env) throws IOException {
    String project =
        literal(
            HclParser.parse(TF.resolve("environments/" + env + "/terraform.tfvars")), "project_id");
    Body accounts = HclParser.parse(TF.resolve("modules/service-accounts/main.tf"));
    String localsText =
        accounts.blocks("locals").get(0).body().attribute("accounts").orElseThrow().value().text();
    Matcher m = Pattern.compile("recorder = \\{ account_id = \"([^\"]+)\"").matcher(localsText);
    assertThat(m.find()).as("recorder account in %s", localsText).isTrue();
    assertThat(m.group(1)).isEqualTo(Names.RECORDER_GSA);

    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + env);
    Map<String, Object> ksa = Manifests.find(objects, "ServiceAccount", Names.RECORDER_KSA);
    assertThat((String) Manifests.path(ksa, "metadata.namespace")).isEqualTo(Names.NAMESPACE);
    assertThat((Map<String, String>) Manifests.path(ksa, "metadata.annotations"))
        .containsEntry(
            "iam.gke.io/gcp-service-account",
            m.group(1) + "@" + project + ".iam.gserviceaccount.com");
    Map<String, Object> config = Manifests.find(objects, "ConfigMap", "recorder");
    assertThat((String) Manifests.path(config, "data.GCP_PROJECT_ID")).isEqualTo(project);

    Body sa = HclParser.parse(TF.resolve("modules/service-accounts/variables.tf"));
    assertThat(variableDefault(sa, "namespace")).isEqualTo(Names.NAMESPACE);
    assertThat(variableDefault(sa, "recorder_ksa")).isEqualTo(Names.RECORDER_KSA);
  }

  @Test
  void pubsubNamesAgreeBetweenTerraformManifestsAndCode() throws IOException {
    Body pubsub = HclParser.parse(TF.resolve("modules/pubsub/main.tf"));
    String topics =
        pubsub.blocks("locals").get(0).body().attribute("topics").orElseThrow().value().text();
    assertThat(topics).contains(Names.REQUESTS_TOPIC, Names.EVENTS_TOPIC, Names.ROTATION_TOPIC);
    assertThat(literal(resourceIn(pubsub, "google_pubsub_subscription", "recorder").body(), "name"))
        .isEqualTo(Names.RECORDER_SUBSCRIPTION);
    assertThat(literal(resourceIn(pubsub, "google_pubsub_subscription", "webhooks").body(), "name"))
        .isEqualTo(Names.WEBHOOKS_SUBSCRIPTION);

    for (String env : List.of("dev", "staging", "prod")) {
      List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + env);
      assertThat(
              (String)
                  Manifests.path(
                      Manifests.find(objects, "ConfigMap", "recorder"),
                      "data.MEETREC_RECORDER_JOB_SUBSCRIPTION"))
          .isEqualTo(Names.RECORDER_SUBSCRIPTION);
      assertThat(subscriptionOfScaler(Manifests.find(objects, "ScaledObject", "recorder")))
          .isEqualTo(Names.RECORDER_SUBSCRIPTION);
    }

    // Every Pub/Sub name mentioned by an application.yml must be one Terraform creates.
    Pattern name = Pattern.compile("(recording-(?:requests|events)[a-z-]*|secret-rotation[a-z-]*)");
    List<String> used = new ArrayList<>();
    for (Path yml : applicationYmls()) {
      Matcher m = name.matcher(Files.readString(yml));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    assertThat(used).allSatisfy(n -> assertThat(Names.PUBSUB).contains(n));
  }

  @Test
  void developerTemplateUsesItsOwnTerraformSubscription() throws IOException {
    String devMain = Files.readString(TF.resolve("environments/dev/main.tf"));
    assertThat(devMain).contains("developer_names       = [\"alice\"]");
    Block developer =
        resource(TF.resolve("modules/pubsub/main.tf"), "google_pubsub_subscription", "developer");
    assertThat(developer.body().attribute("name").orElseThrow().value().tokens().get(0).text())
        .isEqualTo(Names.RECORDER_SUBSCRIPTION + "-${…}");
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/developer-template");
    assertThat(subscriptionOfScaler(Manifests.find(objects, "ScaledObject", "alice-recorder")))
        .isEqualTo(Names.RECORDER_SUBSCRIPTION + "-alice");
    assertThat(
            (String)
                Manifests.path(
                    Manifests.find(objects, "ConfigMap", "alice-recorder"),
                    "data.MEETREC_RECORDER_JOB_SUBSCRIPTION"))
        .isEqualTo(Names.RECORDER_SUBSCRIPTION + "-alice");
    assertThat(
            (String)
                Manifests.path(
                    Manifests.find(objects, "ScaledObject", "alice-recorder"),
                    "spec.scaleTargetRef.name"))
        .isEqualTo("alice-recorder");
  }

  /**
   * A recording of the longest allowed duration started just before SIGTERM must fit in the drain
   * wait (meetrec.recorder.drain.grace-period, the total wait), and Kubernetes must not kill the
   * pod before that wait is over.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void gracePeriodCoversMaxRecordingPlusDrain(String overlay) throws IOException {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, Object> deployment =
        objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> config =
        objects.stream().filter(o -> "ConfigMap".equals(o.get("kind"))).findFirst().orElseThrow();
    long grace =
        ((Number) Manifests.path(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
            .longValue();
    Duration drain = duration(Manifests.path(config, "data.MEETREC_RECORDER_DRAIN_GRACE_PERIOD"));
    Duration defaultMax =
        duration(Manifests.path(config, "data.MEETREC_RECORDER_SESSION_DEFAULT_MAX_DURATION"));
    Duration intakeMax = Duration.ofSeconds(intakeMaxDurationSeconds());

    // At least 5 min to finalize and upload after the longest recording, 30 s for the JVM to stop.
    assertThat(drain).isGreaterThanOrEqualTo(intakeMax.plusMinutes(5));
    assertThat(drain).isGreaterThanOrEqualTo(defaultMax.plusMinutes(5));
    assertThat(grace).isGreaterThanOrEqualTo(drain.plusSeconds(30).toSeconds());
    assertThat(
            (String)
                Manifests.path(
                    ((List<Map<String, Object>>)
                            Manifests.path(deployment, "spec.template.spec.containers"))
                        .get(0),
                    "lifecycle.preStop.httpGet.path"))
        .isEqualTo("/drain");
  }

  /** The longest recording intake accepts: Terraform's setting if any, else the code's default. */
  private static long intakeMaxDurationSeconds() throws IOException {
    Matcher tf =
        Pattern.compile("MEETREC_INTAKE_RECORDINGS_MAX_DURATION_SECONDS\\s*=\\s*\"?(\\d+)")
            .matcher(Files.readString(TF.resolve("modules/meetrec-environment/main.tf")));
    if (tf.find()) {
      return Long.parseLong(tf.group(1));
    }
    Matcher code =
        Pattern.compile("defaultValue = \"(\\d+)\"\\)\\s*int maxDurationSeconds")
            .matcher(
                Files.readString(
                    Repo.root()
                        .resolve(
                            "functions/intake/src/main/java/io/meetrec/intake/recordings/RecordingsConfiguration.java")));
    assertThat(code.find()).as("maxDurationSeconds default in RecordingsConfiguration").isTrue();
    return Long.parseLong(code.group(1));
  }

  /** Micronaut's duration forms used in the manifests: 30s, 10m, 4h, 2d, 500ms or ISO-8601. */
  private static Duration duration(String value) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(value);
    if (!m.matches()) {
      return Duration.parse(value);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * Workload Identity tokens come from the GKE metadata server: on Dataplane V2 clusters pods reach
   * it at 169.254.169.254:80, on the legacy datapath at 169.254.169.252:988 (GKE's Workload
   * Identity documentation). Both are allowed so the policy works on either; the rest of
   * 169.254.0.0/16 and every private range stay cut.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void networkPolicyReachesTheMetadataServerOfEitherDatapathButNoOtherPrivateRange(String overlay) {
    Map<String, Object> policy =
        Manifests.build("k8s/overlays/" + overlay).stream()
            .filter(o -> "NetworkPolicy".equals(o.get("kind")))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> egress = Manifests.path(policy, "spec.egress");
    assertThat(allows(egress, "169.254.169.254/32", 80))
        .as("Dataplane V2 metadata server")
        .isTrue();
    assertThat(allows(egress, "169.254.169.252/32", 988)).as("legacy metadata server").isTrue();
    Map<String, Object> internet =
        egress.stream()
            .filter(rule -> String.valueOf(rule).contains("0.0.0.0/0"))
            .findFirst()
            .orElseThrow();
    List<String> except =
        Manifests.path(((List<Map<String, Object>>) internet.get("to")).get(0), "ipBlock.except");
    assertThat(except).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
    assertThat(egress).anyMatch(rule -> String.valueOf(rule).contains("port=53"));
    // Any other rule naming a link-local address would reopen the metadata server's other paths.
    assertThat(
            egress.stream()
                .filter(r -> String.valueOf(r).contains("169.254."))
                .filter(r -> !String.valueOf(r).contains("0.0.0.0/0")))
        .hasSize(2);
  }

  private static boolean allows(List<Map<String, Object>> egress, String cidr, int port) {
    return egress.stream()
        .anyMatch(
            rule -> {
              List<Map<String, Object>> to = (List<Map<String, Object>>) rule.get("to");
              List<Map<String, Object>> ports = (List<Map<String, Object>>) rule.get("ports");
              return to != null
                  && ports != null
                  && to.stream().anyMatch(t -> cidr.equals(Manifests.path(t, "ipBlock.cidr")))
                  && ports.stream()
                      .anyMatch(
                          p ->
                              Integer.valueOf(port).equals(p.get("port"))
                                  && "TCP".equals(p.get("protocol")));
            });
  }

  private static List<Path> applicationYmls() throws IOException {
    try (Stream<Path> files = Files.walk(Repo.root(), 6)) {
      return files
          .filter(p -> p.getFileName().toString().matches("application(-[a-z]+)?\\.ya?ml"))
          .filter(p -> p.toString().contains("src" + java.io.File.separator + "main"))
          .toList();
    }
  }

  private static String subscriptionOfScaler(Map<String, Object> scaledObject) {
    List<Map<String, Object>> triggers = Manifests.path(scaledObject, "spec.triggers");
    return Manifests.path(triggers.get(0), "metadata.subscriptionName");
  }

  private static Map<String, Object> deployment(String overlay) {
    return Manifests.build("k8s/overlays/" + overlay).stream()
        .filter(o -> "Deployment".equals(o.get("kind")))
        .findFirst()
        .orElseThrow();
  }

  private static Block resource(Path file, String type, String name) throws IOException {
    return resourceIn(HclParser.parse(file), type, name);
  }

  private static Block resourceIn(Body body, String type, String name) {
    return body.blocks("resource").stream()
        .filter(b -> type.equals(b.label(0)) && name.equals(b.label(1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(type + "." + name + " not found"));
  }

  private static String literal(Body body, String attribute) {
    String value = body.attribute(attribute).orElseThrow().value().stringLiteral();
    assertThat(value).as("%s must be a literal string", attribute).isNotNull();
    return value;
  }

  private static String variableDefault(Body variables, String name) {
    Block v =
        variables.blocks("variable").stream()
            .filter(b -> name.equals(b.label(0)))
            .findFirst()
            .orElseThrow();
    return literal(v.body(), "default");
  }

  /** {@code { "k" = "v", ... }} with literal keys and values. */
  private static Map<String, String> stringMap(List<Token> tokens) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (tokens.get(i).kind() == Token.Kind.TEMPLATE
          && tokens.get(i + 1).isPunct("=")
          && tokens.get(i + 2).kind() == Token.Kind.TEMPLATE) {
        out.put(tokens.get(i).text(), tokens.get(i + 2).text());
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static String kubernetesEffect(String terraformEffect) {
    return switch (terraformEffect) {
      case "NO_SCHEDULE" -> "NoSchedule";
      case "PREFER_NO_SCHEDULE" -> "PreferNoSchedule";
      case "NO_EXECUTE" -> "NoExecute";
      default -> throw new AssertionError("unknown taint effect " + terraformEffect);
    };
  }
}
