package io.meetrec.infra.deploy;

import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body.Attribute;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import io.meetrec.infra.hcl.HclValue.Opaque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every IAM grant of an environment as (identity, role, resource), read from the Terraform: the
 * {@code *_iam} maps the environment passes to its modules and every {@code google_*_iam_member}
 * resource. A grant whose member, role or resource the reader cannot name is reported, never
 * dropped.
 */
final class IamGrants {

  /** {@code instance} tells apart module calls of the same module (two function source buckets). */
  record Grant(String identity, String role, String resource, String where, String instance) {}

  /** Map inputs of the environment module and the resource each map's grants land on. */
  static final Map<String, String> MAP_RESOURCES =
      Map.ofEntries(
          Map.entry("recordings_bucket_iam", "bucket:recordings"),
          Map.entry("gitops_bucket_iam", "bucket:gitops"),
          Map.entry("sources_bucket_iam", "bucket:function-sources"),
          Map.entry("topic_iam", "topic:{topic}"),
          Map.entry("recorder_subscription_iam", "subscription:recording-requests-recorder"),
          Map.entry("secret_iam", "secret:{secret}"),
          Map.entry("invokers", "run:{function}"),
          Map.entry("repository_iam", "repository:recorder"));

  /** Maps built by a for-expression: one grant per developer, the same as the named map's. */
  static final Map<String, String> PER_DEVELOPER =
      Map.of("developer_subscription_iam", "recorder_subscription_iam");

  /** Variables listing people the operator grants access to; no deployable calls with them. */
  static final Set<String> OPERATOR_INPUTS = Set.of("reader_members");

  final List<Grant> grants = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  final Map<String, Set<String>> customRoles = new LinkedHashMap<>();

  IamGrants(TfTree tree) {
    for (Mod m : tree.modules()) {
      for (Block role : m.resources("google_project_iam_custom_role")) {
        customRoles(m, role);
      }
    }
    for (Mod m : tree.modules()) {
      for (Block call : m.calls()) {
        for (Attribute a : call.body().attributes()) {
          if (MAP_RESOURCES.containsKey(a.name())) {
            instance = call.label(0);
            fromMap(m, a, MAP_RESOURCES.get(a.name()));
            instance = "";
          } else if (a.name().endsWith("_iam") && !PER_DEVELOPER.containsKey(a.name())) {
            problems.add(m.address() + " " + a.name() + ": grant map the check does not know");
          }
        }
      }
      for (Block b : m.blocks()) {
        if (b.type().equals("resource") && b.label(0).endsWith("_iam_member")) {
          fromResource(m, b);
        } else if (b.type().equals("resource")
            && (b.label(0).endsWith("_iam_binding") || b.label(0).endsWith("_iam_policy"))) {
          problems.add(where(m, b) + ": authoritative IAM resource " + b.label(0));
        }
      }
    }
  }

  private void customRoles(Mod m, Block role) {
    // for_each over local.custom_roles = { key = { role_id, title, permissions = [...] } }
    String forEach = role.body().attribute("for_each").map(a -> a.value().text()).orElse("");
    Matcher local = Pattern.compile("local \\. (\\w+)").matcher(forEach);
    if (!local.find() || !(m.localValue(local.group(1)) instanceof Map<?, ?> roles)) {
      problems.add(where(m, role) + ": custom roles must come from a literal local map");
      return;
    }
    roles.forEach(
        (key, spec) -> {
          Object permissions = ((Map<?, ?>) spec).get("permissions");
          Set<String> set = new java.util.TreeSet<>();
          if (permissions instanceof List<?> list) {
            list.forEach(p -> set.add((String) p));
          }
          customRoles.put("custom:" + key, set);
        });
  }

  private String instance = "";

  private void fromMap(Mod m, Attribute a, String resourcePattern) {
    Object value = HclValue.of(a.value());
    if (!(value instanceof Map<?, ?> entries)) {
      problems.add(m.address() + " " + a.name() + ": not a literal map: " + value);
      return;
    }
    entries.forEach(
        (key, spec) -> {
          String where = m.address() + " " + a.name() + "." + key;
          if (!(spec instanceof Map<?, ?> grant)) {
            problems.add(where + ": not an object");
            return;
          }
          String resource = resourcePattern;
          Matcher field = Pattern.compile("\\{(\\w+)}").matcher(resourcePattern);
          if (field.find()) {
            resource =
                resourcePattern.replace(field.group(), String.valueOf(grant.get(field.group(1))));
          }
          // invokers carry no role: the functions module grants roles/run.invoker for each.
          Object role = a.name().equals("invokers") ? "roles/run.invoker" : grant.get("role");
          add(m, where, grant.get("member"), role, resource);
        });
  }

  private void fromResource(Mod m, Block b) {
    String where = where(m, b);
    Object role = b.body().attribute("role").map(r -> HclValue.of(r.value())).orElse(null);
    Object member = b.body().attribute("member").map(r -> HclValue.of(r.value())).orElse(null);
    String forEach = b.body().attribute("for_each").map(a -> a.value().text()).orElse("");
    Matcher input = Pattern.compile("var \\. (\\w+)").matcher(forEach);
    if (input.find()) {
      if (MAP_RESOURCES.containsKey(input.group(1)) || PER_DEVELOPER.containsKey(input.group(1))) {
        return; // read from the map the caller passes (fromMap)
      }
      if (OPERATOR_INPUTS.contains(input.group(1))) {
        return; // people the operator names (dataset readers), not a deployable
      }
    }
    if (String.valueOf(role).equals("each.value.role")) {
      Matcher var = Pattern.compile("^var \\. (\\w+)$").matcher(forEach);
      Matcher local = Pattern.compile("^local \\. (\\w+)$").matcher(forEach);
      if (var.find()
          && (MAP_RESOURCES.containsKey(var.group(1)) || PER_DEVELOPER.containsKey(var.group(1)))) {
        return; // read from the map the caller passes (fromMap)
      }
      if (local.find() && m.localValue(local.group(1)) instanceof Map<?, ?> entries) {
        String resource = resourceOf(m, b);
        entries.forEach(
            (key, spec) -> {
              Map<?, ?> grant = (Map<?, ?>) spec;
              Object who =
                  grant.containsKey("account")
                      ? "account:" + grant.get("account")
                      : grant.get("member");
              add(m, where + "[" + key + "]", who, grant.get("role"), resource);
            });
        return;
      }
      problems.add(where + ": role from each.value without a known map (" + forEach + ")");
      return;
    }
    add(m, where, member, role, resourceOf(m, b));
  }

  private void add(Mod m, String where, Object member, Object role, String resource) {
    String identity = identity(m, member);
    String roleName = roleName(m, role);
    if (identity == null) {
      problems.add(where + ": member not understood: " + member);
    } else if (roleName == null) {
      problems.add(where + ": role not understood: " + role);
    } else if (resource == null || resource.contains("null")) {
      problems.add(where + ": resource not understood");
    } else {
      grants.add(new Grant(identity, roleName, resource, where, instance));
    }
  }

  private static final List<Map.Entry<Pattern, String>> MEMBERS =
      List.of(
          Map.entry(Pattern.compile("^account:(\\w+)$"), "$1"),
          Map.entry(Pattern.compile("local\\.sa\\[\"(\\w+)\"]"), "$1"),
          Map.entry(Pattern.compile("local\\.emails\\[\"(\\w+)\"]"), "$1"),
          Map.entry(Pattern.compile("google_service_account\\.main\\[\"(\\w+)\"]\\.member"), "$1"),
          Map.entry(Pattern.compile("^allUsers$"), "allUsers"),
          Map.entry(Pattern.compile("local\\.flux_source_controller"), "flux"),
          Map.entry(Pattern.compile("svc\\.id\\.goog"), "workload-identity"),
          Map.entry(Pattern.compile("local\\.workload_pool"), "workload-identity"),
          Map.entry(Pattern.compile("workloadIdentityPools"), "workload-identity"),
          Map.entry(Pattern.compile("local\\.pubsub_agent"), "agent:pubsub"),
          Map.entry(Pattern.compile("gcp-sa-pubsub"), "agent:pubsub"),
          Map.entry(Pattern.compile("gcp-sa-cloudscheduler"), "agent:scheduler"),
          Map.entry(Pattern.compile("writer_identity"), "agent:log-sink"));

  private static String identity(Mod m, Object member) {
    if (member == null) {
      return null;
    }
    String text = member.toString();
    for (Map.Entry<Pattern, String> e : MEMBERS) {
      Matcher matcher = e.getKey().matcher(text);
      if (matcher.find()) {
        return e.getValue().equals("$1") ? matcher.group(1) : e.getValue();
      }
    }
    return null;
  }

  private String roleName(Mod m, Object role) {
    if (role instanceof String s) {
      return s;
    }
    if (role instanceof Opaque o) {
      Matcher local = Pattern.compile("^local\\.(\\w+)$").matcher(o.text());
      if (local.find() && m.localValue(local.group(1)) instanceof String s) {
        return s;
      }
      Matcher custom =
          Pattern.compile("(?:custom_roles|local\\.roles)\\[\"(\\w+)\"]").matcher(o.text());
      if (custom.find()) {
        return "custom:" + custom.group(1);
      }
    }
    return null;
  }

  private static final Map<String, String> RESOURCE_ARGUMENT =
      Map.of(
          "google_project_iam_member", "project",
          "google_service_account_iam_member", "service_account_id",
          "google_pubsub_topic_iam_member", "topic",
          "google_pubsub_subscription_iam_member", "subscription",
          "google_secret_manager_secret_iam_member", "secret_id",
          "google_storage_bucket_iam_member", "bucket",
          "google_cloud_run_service_iam_member", "service",
          "google_bigquery_dataset_iam_member", "dataset_id",
          "google_artifact_registry_repository_iam_member", "repository");

  private static final List<Map.Entry<Pattern, String>> RESOURCES =
      List.of(
          Map.entry(Pattern.compile("^project:"), "project"),
          Map.entry(
              Pattern.compile("serviceAccounts/\\$\\{local\\.emails\\[\"(\\w+)\"]}"), "sa:$1"),
          Map.entry(Pattern.compile("google_service_account\\.main\\[\"(\\w+)\"]\\.name"), "sa:$1"),
          Map.entry(Pattern.compile("google_pubsub_topic\\.dead_letter"), "topic:dead-letter"),
          Map.entry(
              Pattern.compile("google_pubsub_subscription\\.recorder\\."),
              "subscription:recording-requests-recorder"),
          Map.entry(
              Pattern.compile("google_pubsub_subscription\\.webhooks\\."),
              "subscription:recording-events-webhooks"),
          Map.entry(Pattern.compile("^subscription:each\\.value"), "subscription:developer"),
          Map.entry(Pattern.compile("google_bigquery_dataset\\.logs"), "dataset:logs"),
          Map.entry(Pattern.compile("google_storage_bucket\\.sources"), "bucket:function-sources"),
          Map.entry(Pattern.compile("module\\.storage\\.gitops_bucket"), "bucket:gitops"),
          Map.entry(
              Pattern.compile("google_artifact_registry_repository\\.recorder"),
              "repository:recorder"));

  private String resourceOf(Mod m, Block b) {
    String argument = RESOURCE_ARGUMENT.get(b.label(0));
    if (argument == null) {
      problems.add(where(m, b) + ": IAM resource type the check does not know: " + b.label(0));
      return null;
    }
    String text =
        argument
            + ":"
            + b.body().attribute(argument).map(a -> HclValue.text(a.value().tokens())).orElse("");
    for (Map.Entry<Pattern, String> e : RESOURCES) {
      Matcher matcher = e.getKey().matcher(text);
      if (matcher.find()) {
        String group = matcher.groupCount() > 0 ? matcher.group(1) : null;
        return group == null ? e.getValue() : e.getValue().replace("$1", group);
      }
    }
    problems.add(where(m, b) + ": resource not understood: " + text);
    return null;
  }

  private static String where(Mod m, Block b) {
    return (m.address().isEmpty() ? "" : m.address() + ".") + b.label(0) + "." + b.label(1);
  }
}
