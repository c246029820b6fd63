package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body.Attribute;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import io.meetrec.infra.hcl.HclValue.Opaque;
import io.meetrec.infra.hcl.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a first {@code terraform apply} into an empty project trips over before anything runs: files
 * that a fresh checkout does not have, secrets read before a version exists, a first rotation a
 * month away.
 */
class BootstrapOrderTest {

  private static final Set<String> FILE_FUNCTIONS =
      Set.of("file", "filemd5", "filebase64", "templatefile", "fileset", "filesha256");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void noFileIsReadThatAFreshCheckoutAndBuildDoNotHave(String env) throws IOException {
    TfTree tree = TfTree.environment(env);
    List<String> missing = new ArrayList<>();
    for (Mod m : tree.modules()) {
      for (Attribute a : attributes(m)) {
        for (List<Token> arg : fileArguments(a.value().tokens())) {
          check(tree, m, HclValue.of(arg), a, missing);
        }
        // Paths the root builds for its modules: "${path.root}/..." or "${local.repo}/..."
        if (m == tree.root() && !isLocal(m, a)) {
          for (Token t : a.value().tokens()) {
            if (t.kind() == Token.Kind.TEMPLATE
                && (HclValue.template(t).contains("path.root")
                    || HclValue.template(t).contains("local.repo"))) {
              check(tree, m, new Opaque('"' + HclValue.template(t) + '"'), a, missing);
            }
          }
          collectMapTemplates(tree, m, a, missing);
        }
      }
    }
    assertThat(missing).as("paths read by terraform in %s", env).isEmpty();
  }

  private void collectMapTemplates(TfTree tree, Mod m, Attribute a, List<String> missing) {
    Object value = HclValue.of(a.value());
    if (value instanceof Map<?, ?> map) {
      for (Object v : map.values()) {
        if (v instanceof Opaque o && o.text().contains("local.repo")) {
          check(tree, m, o, a, missing);
        }
      }
    }
  }

  private void check(TfTree tree, Mod m, Object arg, Attribute a, List<String> missing) {
    String path = resolve(tree, m, arg);
    if (path == null) {
      return; // each.value and the like: the root's templates are checked where they are built
    }
    Path file = Path.of(path).normalize();
    String where = m.address() + " " + a.name() + " line " + a.line() + ": " + path;
    if (!file.startsWith(Repo.root())) {
      missing.add(where + " is outside the repository");
      return;
    }
    String rel = Repo.root().relativize(file).toString();
    if (rel.matches("functions/[a-z-]+/target/function\\.zip")) {
      // Built by `mvn package` (docs/operations.md); the module must exist and produce it.
      Path pom = Repo.root().resolve(rel.replace("target/function.zip", "pom.xml"));
      try {
        if (!Files.exists(pom) || !Files.readString(pom).contains("function")) {
          missing.add(where + " is not built by any module");
        }
      } catch (IOException e) {
        missing.add(where + ": " + e.getMessage());
      }
      return;
    }
    Repo.Result tracked = Repo.run(Repo.root(), List.of("git", "ls-files", "--", rel));
    if (tracked.stdout().isBlank()) {
      missing.add(where + " is not committed");
    }
  }

  /** The path a template names, with path.*, local.* and var.* (through the caller) resolved. */
  static String resolve(TfTree tree, Mod m, Object value) {
    String text;
    if (value instanceof String s) {
      text = s;
    } else if (value instanceof Opaque o && o.text().startsWith("\"") && o.text().endsWith("\"")) {
      text = o.text().substring(1, o.text().length() - 1);
    } else if (value instanceof Opaque o && o.text().matches("var\\.\\w+")) {
      String var = o.text().substring(4);
      return m.input(var)
          .map(in -> resolve(tree, m.parent(), HclValue.of(in.value())))
          .orElse(null);
    } else if (value instanceof Opaque o && o.text().matches("local\\.\\w+")) {
      return resolve(tree, m, m.localValue(o.text().substring(6)));
    } else {
      return null;
    }
    Matcher p = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (p.find()) {
      String expr = p.group(1);
      String replacement;
      if (expr.equals("path.root")) {
        replacement = tree.root().dir().toString();
      } else if (expr.equals("path.module")) {
        replacement = m.dir().toString();
      } else if (expr.matches("local\\.\\w+|var\\.\\w+")) {
        replacement = resolve(tree, m, new Opaque(expr));
      } else {
        replacement = null;
      }
      if (replacement == null) {
        return null;
      }
      p.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    p.appendTail(out);
    return out.toString();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everySecretAFunctionReadsIsSeededBeforeTheFunctionIsDeployed(String env) throws IOException {
    TfTree tree = TfTree.environment(env);
    Mod environment = tree.module("meetrec-environment");
    String rotationCode =
        Files.readString(
            Repo.root()
                .resolve(
                    "functions/secret-rotation/src/main/java/io/meetrec/rotation/ManagedSecret.java"));
    Block seed =
        environment.all("resource").stream()
            .filter(b -> b.label(0).equals("terraform_data"))
            .filter(b -> bodyText(b).contains("meetrec-secret-rotation"))
            .findFirst()
            .orElse(null);
    List<String> wrong = new ArrayList<>();
    if (seed == null) {
      wrong.add("no step of the apply runs the rotation function once (terraform_data)");
    }
    for (Block call : environment.calls()) {
      Object functions =
          call.body().attribute("functions").map(a -> HclValue.of(a.value())).orElse(null);
      if (!(functions instanceof Map<?, ?> byName)) {
        continue;
      }
      String dependsOn = call.body().attribute("depends_on").map(a -> a.value().text()).orElse("");
      for (var fn : byName.entrySet()) {
        Map<?, ?> spec = (Map<?, ?>) fn.getValue();
        List<String> secrets = new ArrayList<>();
        if (spec.get("secret_environment") instanceof Map<?, ?> mounted) {
          mounted.values().forEach(v -> secrets.add(secretName(v)));
        }
        if (spec.get("environment") instanceof Map<?, ?> environmentVars) {
          environmentVars.forEach(
              (k, v) -> {
                if (k.toString().matches(".*_SECRET_(NAME|ID)") && v instanceof String s) {
                  secrets.add(s);
                }
              });
        }
        for (String secret : secrets) {
          String where = "function " + fn.getKey() + " reads " + secret;
          if (fn.getKey().equals("secret-rotation")) {
            wrong.add(where + ": the seeding function itself must not read a secret at start");
          }
          if (!rotationCode.contains('"' + secret + '"')) {
            wrong.add(where + ", which the rotation function does not seed");
          }
          if (seed != null && !dependsOn.contains("terraform_data . " + seed.label(1))) {
            wrong.add(where + " but module." + call.label(0) + " does not wait for the seeding");
          }
        }
      }
    }
    assertThat(wrong).as("secret versions read before they exist in %s", env).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void theFirstRotationAndSealedSecretDoNotWaitAMonth(String env) {
    TfTree tree = TfTree.environment(env);
    Mod environment = tree.module("meetrec-environment");
    String schedule =
        environment
            .variable("rotation_schedule")
            .flatMap(v -> v.body().attribute("default"))
            .map(a -> a.value().stringLiteral())
            .orElse("");
    String[] cron = schedule.split("\\s+");
    assertThat(cron).as("rotation_schedule %s", schedule).hasSize(5);
    // Runs at least daily (the function rotates by age, so frequent runs are no-ops): a
    // SealedSecret
    // missing after flux bootstrap is published on the next run.
    assertThat(cron[2]).as("day of month of %s", schedule).isEqualTo("*");
    assertThat(cron[4]).as("day of week of %s", schedule).isEqualTo("*");
    // The controller's certificate is fetched by the function, never an input of the apply.
    assertThat(environment.variable("sealing_certificate")).isEmpty();
    assertThat(bodyTextOf(environment)).doesNotContain("MEETREC_ROTATION_SEALING_CERTIFICATE");
  }

  private static boolean isLocal(Mod m, Attribute a) {
    return m.all("locals").stream().anyMatch(b -> b.body().attributes().contains(a));
  }

  private static String secretName(Object v) {
    Matcher m = Pattern.compile("\\[\"([a-z-]+)\"]").matcher(v.toString());
    return m.find() ? m.group(1) : v.toString();
  }

  private static String bodyText(Block b) {
    StringBuilder sb = new StringBuilder();
    b.body().attributes().forEach(a -> sb.append(HclValue.text(a.value().tokens())).append('\n'));
    b.body().blocks().forEach(n -> sb.append(bodyText(n)));
    return sb.toString();
  }

  private static String bodyTextOf(Mod m) {
    StringBuilder sb = new StringBuilder();
    m.blocks().forEach(b -> sb.append(bodyText(b)));
    return sb.toString();
  }

  private static List<Attribute> attributes(Mod m) {
    List<Attribute> out = new ArrayList<>();
    for (Block b : m.blocks()) {
      collect(b, out);
    }
    return out;
  }

  private static void collect(Block b, List<Attribute> out) {
    out.addAll(b.body().attributes());
    b.body().blocks().forEach(n -> collect(n, out));
  }

  /** First arguments of file functions anywhere in the tokens, interpolations included. */
  static List<List<Token>> fileArguments(List<Token> tokens) {
    List<List<Token>> out = new ArrayList<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      t.interpolations().forEach(inner -> out.addAll(fileArguments(inner)));
      if (t.kind() == Token.Kind.IDENT
          && FILE_FUNCTIONS.contains(t.text())
          && tokens.get(i + 1).isPunct("(")) {
        int depth = 0;
        int start = i + 2;
        int j = start;
        for (; j < tokens.size(); j++) {
          Token u = tokens.get(j);
          if (u.isPunct("(") || u.isPunct("[") || u.isPunct("{")) {
            depth++;
          } else if (u.isPunct(")") || u.isPunct("]") || u.isPunct("}")) {
            if (depth == 0) {
              break;
            }
            depth--;
          } else if (u.isPunct(",") && depth == 0) {
            break;
          }
        }
        out.add(tokens.subList(start, j));
      }
    }
    return out;
  }
}
