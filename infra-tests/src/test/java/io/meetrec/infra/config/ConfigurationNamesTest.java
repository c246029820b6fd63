package io.meetrec.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.kubernetes.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment variable the ConfigMap, the Deployment and Terraform set is one the code reads
 * (documented in docs/configuration.md and bound by a record), and the ones a cloud deployment
 * cannot do without are set.
 */
@SuppressWarnings("unchecked")
class ConfigurationNamesTest {
  private static final Path TF = Repo.root().resolve("terraform");
  private static ConfigurationReference reference;

  @BeforeAll
  static void loadReference() {
    reference = ConfigurationReference.load();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void everyRecorderVariableIsReadByTheRecorder(String overlay) {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, String> config =
        Manifests.path(
            objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")))
                .findFirst()
                .orElseThrow(),
            "data");
    List<String> problems = new ArrayList<>();
    for (String env : config.keySet()) {
      problems.addAll(reference.problems("recorder", env));
      ConfigurationReference.Setting s = reference.find("recorder", env);
      if (s != null && s.secret()) {
        problems.add(env + " is a secret and must not be in a ConfigMap");
      }
    }
    for (Map<String, Object> var : containerEnv(objects)) {
      String env = (String) var.get("name");
      if (env.startsWith("MEETREC_") || env.endsWith("_NAME")) {
        problems.addAll(reference.problems("recorder", env));
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void recorderConfigMapSetsWhatTheCloudNeeds(String env) throws IOException {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + env);
    Map<String, String> config =
        Manifests.path(Manifests.find(objects, "ConfigMap", "recorder"), "data");
    String tfvars = Files.readString(TF.resolve("environments/" + env + "/terraform.tfvars"));
    String project = tfvarsString(tfvars, "project_id");
    String region = tfvarsString(tfvars, "region");

    assertThat(config)
        .containsEntry("MEETREC_RECORDER_UPLOAD_TARGET", "gcs")
        .containsEntry("MEETREC_RECORDER_UPLOAD_BUCKET", project + "-meetrec-recordings")
        // The deterministic form of the gen2 function URL Terraform derives (functionUrlsAre...).
        .containsEntry(
            "MEETREC_RECORDER_JOIN_TOKEN_SIGNING_URL",
            "https://" + region + "-" + project + ".cloudfunctions.net/meetrec-signing");
    String meetrecEnv = Files.readString(TF.resolve("modules/meetrec-environment/main.tf"));
    assertThat(meetrecEnv)
        .contains("recordings_bucket_name    = \"${var.project_id}-meetrec-recordings\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "developer-template"})
  void recorderMountsTheSecretRotationWritesAndLabelsItsVersion(String overlay) throws IOException {
    List<Map<String, Object>> objects = Manifests.build("k8s/overlays/" + overlay);
    Map<String, Object> deployment =
        objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
    List<Map<String, Object>> volumes = Manifests.path(deployment, "spec.template.spec.volumes");
    String sealed =
        Files.readString(
            Repo.root()
                .resolve(
                    "functions/secret-rotation/src/main/java/io/meetrec/rotation/sealing/SealingConfiguration.java"));
    Matcher name =
        Pattern.compile("defaultValue = \"([^\"]+)\"\\)\\s*String secretName").matcher(sealed);
    assertThat(name.find()).as("secret-name default in SealingConfiguration").isTrue();
    assertThat(volumes)
        .anySatisfy(
            v ->
                assertThat((String) Manifests.path(v, "secret.secretName"))
                    .isEqualTo(name.group(1)));

    Map<String, Object> container =
        ((List<Map<String, Object>>) Manifests.path(deployment, "spec.template.spec.containers"))
            .get(0);
    String version =
        ((Map<String, String>) Manifests.path(deployment, "spec.template.metadata.labels"))
            .get("app.kubernetes.io/version");
    assertThat((String) container.get("image")).endsWith(":" + version);
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map<String, Object> var : containerEnv(objects)) {
      if (var.get("valueFrom") != null) {
        fields.put((String) var.get("name"), Manifests.path(var, "valueFrom.fieldRef.fieldPath"));
      }
    }
    assertThat(fields)
        .containsEntry("MEETREC_VERSION", "metadata.labels['app.kubernetes.io/version']")
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("NODE_NAME", "spec.nodeName");
  }

  @Test
  void everyFunctionVariableIsReadByThatFunction() throws IOException {
    Map<String, FunctionEnv> functions = terraformFunctions();
    assertThat(functions.keySet())
        .containsExactlyInAnyOrderElementsOf(
            ConfigurationReference.MODULES.keySet().stream()
                .filter(k -> !k.equals("recorder"))
                .toList());
    List<String> problems = new ArrayList<>();
    functions.forEach(
        (fn, env) -> {
          for (String name : env.plain().keySet()) {
            problems.addAll(reference.problems(fn, name));
            ConfigurationReference.Setting s = reference.find(fn, name);
            if (s != null && s.secret()) {
              problems.add(fn + ": " + name + " is a secret; use secret_environment");
            }
          }
          for (String name : env.secrets().keySet()) {
            problems.addAll(reference.problems(fn, name));
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void functionsGetWhatTheCloudNeeds() throws IOException {
    Map<String, FunctionEnv> f = terraformFunctions();
    assertThat(f.get("intake").plain())
        .containsEntry("MEETREC_INTAKE_AUTH_SOURCE", "\"secret-manager\"")
        .containsEntry("MEETREC_INTAKE_DOWNLOAD_KIND", "\"gcs\"")
        .containsEntry(
            "MEETREC_INTAKE_RECORDINGS_ALLOWED_MEETING_HOSTS",
            "join(\",\", var.allowed_meeting_hosts)")
        .containsKeys("GCP_PROJECT_ID", "REDIS_URI");
    assertThat(f.get("signing").plain())
        .containsEntry("MEETREC_SIGNING_CALLER_AUDIENCE", "local.function_urls[\"signing\"]")
        .containsEntry("MEETREC_SIGNING_CALLER_ALLOWED_EMAILS", "local.emails[\"recorder\"]")
        .containsEntry("MEETREC_SIGNING_TOKEN_SECRET_SOURCE", "\"secret-manager\"");
    assertThat(f.get("webhooks").plain())
        .containsEntry("MEETREC_WEBHOOKS_PUSH_AUDIENCE", "local.function_urls[\"webhooks\"]")
        .containsEntry("MEETREC_WEBHOOKS_PUSH_SERVICE_ACCOUNT", "local.emails[\"events_push\"]")
        .doesNotContainKeys(
            "MEETREC_WEBHOOKS_RECORDER_SECRET_DIR", "MEETREC_WEBHOOKS_ALLOW_UNSIGNED_PUSH");
    assertThat(f.get("webhooks").secrets())
        .containsEntry(
            "MEETREC_WEBHOOKS_SIGNING_SECRET",
            "module.secrets.secret_names[\"meetrec-webhook-signing-secret\"]");
    assertThat(f.get("secret-rotation").plain())
        .containsEntry("MEETREC_ROTATION_SINK_BUCKET", "module.storage.gitops_bucket")
        .containsEntry("MEETREC_ROTATION_SEALING_CLUSTER", "module.cluster.cluster_id")
        .doesNotContainKey("MEETREC_ROTATION_SEALING_CERTIFICATE")
        .containsEntry(
            "MEETREC_ROTATION_SINK_OBJECT_NAME", "\"${var.environment}/recorder-secrets.yaml\"")
        .doesNotContainKey("REDIS_URI");

    String main = Files.readString(TF.resolve("modules/meetrec-environment/main.tf"));
    // The push subscription's audience is its endpoint, which is the audience webhooks checks.
    assertThat(main).contains("webhooks_push_endpoint     = local.function_urls[\"webhooks\"]");
    assertThat(Files.readString(TF.resolve("modules/pubsub/main.tf")))
        .contains("audience              = var.webhooks_push_endpoint");
    assertThat(main)
        .contains("\"https://${var.region}-${var.project_id}.cloudfunctions.net/meetrec-${name}\"");
    assertThat(Files.readString(TF.resolve("modules/functions/main.tf")))
        .contains("name        = \"meetrec-${each.key}\"");
    assertThat(Files.readString(TF.resolve("modules/secrets/main.tf")))
        .contains("\"meetrec-webhook-signing-secret\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void sealedSecretLandsWhereTheClusterReadsIt(String env) throws IOException {
    assertThat(Files.readString(TF.resolve("environments/" + env + "/main.tf")))
        .containsPattern("environment\\s+= \"" + env + "\"");
    List<Map<String, Object>> objects = Manifests.build("k8s/clusters/" + env);
    Map<String, Object> bucket = Manifests.find(objects, "Bucket", "meetrec-sealed-secrets");
    assertThat((String) Manifests.path(bucket, "spec.prefix")).isEqualTo(env + "/");
    assertThat((String) Manifests.path(bucket, "spec.bucketName"))
        .isEqualTo(
            tfvarsString(
                    Files.readString(TF.resolve("environments/" + env + "/terraform.tfvars")),
                    "project_id")
                + "-meetrec-gitops");
    Map<String, Object> secrets = Manifests.find(objects, "Kustomization", "recorder-secrets");
    assertThat((String) Manifests.path(secrets, "spec.path")).isEqualTo("./" + env);
  }

  private record FunctionEnv(Map<String, String> plain, Map<String, String> secrets) {}

  /** Per function: the variables Terraform sets (functions module defaults included). */
  private static Map<String, FunctionEnv> terraformFunctions() throws IOException {
    String functionsMain = Files.readString(TF.resolve("modules/functions/main.tf"));
    assertThat(functionsMain)
        .contains("{ GCP_PROJECT_ID = var.project_id }")
        .contains("each.value.uses_redis ? { REDIS_URI = var.redis_uri } : {}");
    String main =
        withoutComments(Files.readString(TF.resolve("modules/meetrec-environment/main.tf")));
    // The rotation function is deployed first by a module call of its own (it seeds the secrets).
    Map<String, String> all = new LinkedHashMap<>();
    for (String call : List.of("module \"functions\"", "module \"rotation_function\"")) {
      all.putAll(entries(objectAfter(objectAfter(main, call), "functions =")));
    }
    Map<String, FunctionEnv> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> fn : all.entrySet()) {
      Map<String, String> plain = new LinkedHashMap<>();
      plain.put("GCP_PROJECT_ID", "var.project_id");
      if (fn.getValue().matches("(?s).*uses_redis\\s*=\\s*true.*")) {
        plain.put("REDIS_URI", "var.redis_uri");
      }
      Map<String, String> attrs = entries(fn.getValue());
      plain.putAll(attributes(attrs.getOrDefault("environment", "")));
      out.put(
          fn.getKey(),
          new FunctionEnv(plain, attributes(attrs.getOrDefault("secret_environment", ""))));
    }
    return out;
  }

  private static String withoutComments(String hcl) {
    return hcl.replaceAll("(?m)^\\s*#.*$", "");
  }

  /** The text inside the braces of the first object following marker. */
  private static String objectAfter(String text, String marker) {
    int at = text.indexOf(marker);
    assertThat(at).as("%s in Terraform", marker).isNotNegative();
    int open = text.indexOf('{', at);
    return text.substring(open + 1, closing(text, open));
  }

  private static int closing(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      if (text.charAt(i) == '{') {
        depth++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    throw new AssertionError("unbalanced braces");
  }

  /** The top-level {@code key = { ... }} entries of an object body (key unquoted). */
  private static Map<String, String> entries(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\s*\"?([a-z_-]+)\"?\\s*=\\s*\\{").matcher(body);
    int from = 0;
    while (m.find(from)) {
      int open = m.end() - 1;
      int close = closing(body, open);
      out.put(m.group(1), body.substring(open + 1, close));
      from = close + 1;
    }
    return out;
  }

  /** {@code NAME = expression} lines of an object body. */
  private static Map<String, String> attributes(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*=\\s*(.+?)\\s*,?\\s*$").matcher(body);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static String tfvarsString(String tfvars, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s*=\\s*\"([^\"]+)\"").matcher(tfvars);
    assertThat(m.find()).as("%s in terraform.tfvars", name).isTrue();
    return m.group(1);
  }

  private static List<Map<String, Object>> containerEnv(List<Map<String, Object>> objects) {
    Map<String, Object> deployment =
        objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
    List<Map<String, Object>> containers =
        Manifests.path(deployment, "spec.template.spec.containers");
    return (List<Map<String, Object>>) containers.get(0).get("env");
  }
}
