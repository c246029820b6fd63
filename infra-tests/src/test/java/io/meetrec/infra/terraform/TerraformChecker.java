package io.meetrec.infra.terraform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.meetrec.infra.hcl.Body;
import io.meetrec.infra.hcl.Body.Attribute;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.Expression.Reference;
import io.meetrec.infra.hcl.HclParser;
import io.meetrec.infra.hcl.Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Offline stand-in for {@code terraform validate}: checks a module directory (and the local modules
 * it calls) against the google provider schema and Terraform's own rules for references and module
 * inputs. Anything outside the understood subset is reported as a problem, never skipped.
 */
public final class TerraformChecker {
  static final Set<String> FUNCTIONS =
      Set.of(
          "abs",
          "base64encode",
          "basename",
          "ceil",
          "coalesce",
          "compact",
          "concat",
          "contains",
          "distinct",
          "element",
          "endswith",
          "file",
          "filemd5",
          "fileset",
          "flatten",
          "floor",
          "format",
          "join",
          "jsonencode",
          "keys",
          "length",
          "lookup",
          "lower",
          "max",
          "merge",
          "min",
          "one",
          "regex",
          "replace",
          "setunion",
          "sort",
          "split",
          "startswith",
          "substr",
          "templatefile",
          "toset",
          "tolist",
          "tomap",
          "tostring",
          "tonumber",
          "trimprefix",
          "trimsuffix",
          "trimspace",
          "try",
          "can",
          "upper",
          "values",
          "zipmap");
  static final Set<String> TYPE_CONSTRUCTORS =
      Set.of("list", "map", "set", "object", "tuple", "optional");
  private static final Set<String> RESOURCE_META =
      Set.of("count", "for_each", "depends_on", "provider");
  private static final Set<String> MODULE_META =
      Set.of("source", "version", "count", "for_each", "depends_on", "providers");
  private static final Set<String> BUILTIN_ROOTS = Set.of("each", "count", "path", "terraform");
  private static final Set<String> FILES =
      Set.of("main.tf", "variables.tf", "outputs.tf", "versions.tf");

  private final ProviderSchema schema;
  private final Map<Path, Module> modules = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  public TerraformChecker(ProviderSchema schema) {
    this.schema = schema;
  }

  /** A parsed module directory. */
  record Module(
      Path dir,
      Map<String, Block> variables,
      Map<String, Attribute> locals,
      Map<String, Block> outputs,
      Map<String, Block> calls,
      Map<String, Block> resources,
      Map<String, Block> dataSources) {}

  public List<String> problems() {
    return problems;
  }

  /** Checks a module and, recursively, the modules it calls. Returns the problems found so far. */
  public List<String> check(Path dir) {
    module(dir.toAbsolutePath().normalize());
    return problems;
  }

  /** Checks terraform.tfvars of a root module: known variables only, every required one set. */
  public void checkTfvars(Path dir) {
    Module root = module(dir.toAbsolutePath().normalize());
    Path tfvars = root.dir().resolve("terraform.tfvars");
    if (!Files.exists(tfvars)) {
      problems.add(root.dir() + ": terraform.tfvars missing");
      return;
    }
    Body body = parse(tfvars);
    for (Attribute a : body.attributes()) {
      if (!root.variables().containsKey(a.name())) {
        problems.add(tfvars + ":" + a.line() + ": undeclared variable " + a.name());
      }
    }
    root.variables()
        .forEach(
            (name, v) -> {
              if (v.body().attribute("default").isEmpty() && body.attribute(name).isEmpty()) {
                problems.add(tfvars + ": required variable " + name + " not set");
              }
            });
  }

  Module module(Path dir) {
    Module cached = modules.get(dir);
    if (cached != null) {
      return cached;
    }
    Module m =
        new Module(
            dir,
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>());
    modules.put(dir, m);
    for (String f : FILES) {
      if (!Files.exists(dir.resolve(f))) {
        problems.add(dir + ": " + f + " missing (terraform-google-modules layout)");
      }
    }
    if (dir.getParent() != null
        && dir.getParent().getFileName().toString().equals("modules")
        && !Files.exists(dir.resolve("README.md"))) {
      problems.add(dir + ": README.md missing");
    }
    List<Block> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        Body body = parse(file);
        if (!body.attributes().isEmpty()) {
          problems.add(file + ": top-level attribute " + body.attributes().get(0).name());
        }
        blocks.addAll(body.blocks());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Block b : blocks) {
      declare(m, b);
    }
    for (Block b : blocks) {
      checkTopLevel(m, b);
    }
    return m;
  }

  private Body parse(Path file) {
    try {
      return HclParser.parse(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void declare(Module m, Block b) {
    String where = b.source() + ":" + b.line();
    switch (b.type()) {
      case "variable" -> put(m.variables(), b.label(0), b, where);
      case "output" -> put(m.outputs(), b.label(0), b, where);
      case "module" -> put(m.calls(), b.label(0), b, where);
      case "resource" -> put(m.resources(), b.label(0) + "." + b.label(1), b, where);
      case "data" -> put(m.dataSources(), b.label(0) + "." + b.label(1), b, where);
      case "locals" -> b.body().attributes().forEach(a -> m.locals().put(a.name(), a));
      case "terraform", "provider" -> {}
      default -> problems.add(where + ": unsupported top-level block " + b.type());
    }
  }

  private <T> void put(Map<String, T> map, String key, T value, String where) {
    if (key == null) {
      problems.add(where + ": block without label");
    } else if (map.put(key, value) != null) {
      problems.add(where + ": duplicate " + key);
    }
  }

  private void checkTopLevel(Module m, Block b) {
    String where = b.source() + ":" + b.line();
    switch (b.type()) {
      case "variable" -> checkVariable(m, b, where);
      case "output" -> {
        allowOnly(b, Set.of("value", "description", "sensitive", "depends_on"), Set.of(), where);
        require(b, "value", where);
        require(b, "description", where);
        checkExpressions(m, b.body(), Set.of());
      }
      case "locals" -> checkExpressions(m, b.body(), Set.of());
      case "terraform" -> checkTerraformBlock(b, where);
      case "provider" -> {
        if (!"google".equals(b.label(0))) {
          problems.add(where + ": only the google provider is known, got " + b.label(0));
        } else {
          checkAgainstSchema(
              m, b.body(), schema.provider(), "provider.google", where, false, Set.of());
        }
      }
      case "resource", "data" -> checkResource(m, b, where);
      case "module" -> checkModuleCall(m, b, where);
      default -> {}
    }
  }

  private void checkVariable(Module m, Block b, String where) {
    allowOnly(
        b,
        Set.of("type", "description", "default", "sensitive", "nullable"),
        Set.of("validation"),
        where);
    require(b, "type", where);
    require(b, "description", where);
    b.body()
        .attribute("type")
        .ifPresent(
            t -> {
              for (Token call : t.value().functionCalls()) {
                if (!TYPE_CONSTRUCTORS.contains(call.text())) {
                  problems.add(where + ": unknown type constructor " + call.text());
                }
              }
            });
    for (Block v : b.body().blocks("validation")) {
      allowOnly(v, Set.of("condition", "error_message"), Set.of(), where);
      checkExpressions(m, v.body(), Set.of());
    }
    b.body().attribute("default").ifPresent(d -> checkExpression(m, d, Set.of()));
  }

  private void checkTerraformBlock(Block b, String where) {
    allowOnly(b, Set.of("required_version"), Set.of("required_providers", "backend"), where);
    for (Block rp : b.body().blocks("required_providers")) {
      for (Attribute a : rp.body().attributes()) {
        if (!a.name().equals("google")) {
          problems.add(where + ": provider " + a.name() + " has no schema here");
        }
      }
    }
    for (Block backend : b.body().blocks("backend")) {
      if (!"gcs".equals(backend.label(0))) {
        problems.add(where + ": only the gcs backend is expected");
      }
      allowOnly(backend, Set.of("bucket", "prefix"), Set.of(), where);
    }
  }

  /**
   * Terraform's built-in {@code terraform_data} (no provider): {@code input}, {@code
   * triggers_replace}; its provisioners are checked below.
   */
  private static final JsonObject TERRAFORM_DATA =
      com.google.gson.JsonParser.parseString(
              "{\"attributes\":{\"input\":{\"optional\":true},\"triggers_replace\":{\"optional\":true},"
                  + "\"output\":{\"computed\":true},\"id\":{\"computed\":true}}}")
          .getAsJsonObject();

  private static final Set<String> LOCAL_EXEC =
      Set.of("command", "interpreter", "environment", "working_dir", "when", "on_failure", "quiet");

  private void checkResource(Module m, Block b, String where) {
    boolean data = b.type().equals("data");
    boolean builtin = !data && "terraform_data".equals(b.label(0));
    JsonObject s =
        builtin
            ? TERRAFORM_DATA
            : data ? schema.dataSource(b.label(0)) : schema.resource(b.label(0));
    if (s == null) {
      problems.add(
          where + ": unknown " + (data ? "data source" : "resource") + " type " + b.label(0));
      return;
    }
    if (b.body().attribute("count").isPresent() && b.body().attribute("for_each").isPresent()) {
      problems.add(where + ": count and for_each together");
    }
    checkAgainstSchema(m, b.body(), s, b.label(0) + "." + b.label(1), where, true, Set.of());
  }

  private void checkAgainstSchema(
      Module m,
      Body body,
      JsonObject s,
      String path,
      String where,
      boolean topLevel,
      Set<String> bound) {
    JsonObject attributes = obj(s, "attributes");
    JsonObject blockTypes = obj(s, "block_types");
    for (Attribute a : body.attributes()) {
      String at = where + " " + path + "." + a.name();
      checkExpression(m, a, bound);
      if (topLevel && RESOURCE_META.contains(a.name())) {
        continue;
      }
      if (blockTypes.has(a.name())) {
        problems.add(at + ": is a block, written as an attribute");
      } else if (!attributes.has(a.name())) {
        problems.add(at + ": unknown argument");
      } else {
        JsonObject spec = attributes.getAsJsonObject(a.name());
        if (!spec.has("required") && !spec.has("optional")) {
          problems.add(at + ": read-only (computed) attribute set");
        }
      }
    }
    Map<String, Integer> blockCounts = new HashMap<>();
    Set<String> dynamics = new java.util.HashSet<>();
    for (Block nested : body.blocks()) {
      String at = where + " " + path + "." + nested.type();
      if (topLevel && nested.type().equals("lifecycle")) {
        allowOnly(
            nested,
            Set.of(
                "create_before_destroy",
                "prevent_destroy",
                "ignore_changes",
                "replace_triggered_by"),
            Set.of(),
            at);
        continue;
      }
      if (topLevel && nested.type().equals("provisioner")) {
        if (!"local-exec".equals(nested.label(0))) {
          problems.add(at + ": only local-exec provisioners are expected");
        }
        allowOnly(nested, LOCAL_EXEC, Set.of(), at);
        checkExpressions(m, nested.body(), bound);
        continue;
      }
      if (nested.type().equals("dynamic")) {
        checkDynamic(m, nested, blockTypes, path, where, bound, dynamics);
        continue;
      }
      if (attributes.has(nested.type())) {
        problems.add(at + ": is an attribute, written as a block");
      } else if (!blockTypes.has(nested.type())) {
        problems.add(at + ": unknown block");
      } else {
        blockCounts.merge(nested.type(), 1, Integer::sum);
        JsonObject bt = blockTypes.getAsJsonObject(nested.type());
        checkAgainstSchema(
            m,
            nested.body(),
            bt.getAsJsonObject("block"),
            path + "." + nested.type(),
            where,
            false,
            bound);
      }
    }
    attributes
        .entrySet()
        .forEach(
            e -> {
              if (e.getValue().getAsJsonObject().has("required")
                  && body.attribute(e.getKey()).isEmpty()) {
                problems.add(where + " " + path + ": required argument " + e.getKey() + " missing");
              }
            });
    blockTypes
        .entrySet()
        .forEach(
            e -> {
              JsonObject bt = e.getValue().getAsJsonObject();
              int count = blockCounts.getOrDefault(e.getKey(), 0);
              boolean required = bt.has("required") || intOf(bt, "min_items") > 0;
              if (required && count == 0 && !dynamics.contains(e.getKey())) {
                problems.add(where + " " + path + ": required block " + e.getKey() + " missing");
              }
              if (intOf(bt, "max_items") == 1 && count > 1) {
                problems.add(where + " " + path + ": block " + e.getKey() + " allowed once");
              }
            });
  }

  private void checkDynamic(
      Module m,
      Block dynamic,
      JsonObject blockTypes,
      String path,
      String where,
      Set<String> bound,
      Set<String> dynamics) {
    String name = dynamic.label(0);
    String at = where + " " + path + ".dynamic." + name;
    allowOnly(dynamic, Set.of("for_each", "iterator"), Set.of("content"), at);
    if (!blockTypes.has(name)) {
      problems.add(at + ": unknown block");
      return;
    }
    // a dynamic block satisfies a required block and is not counted against max_items
    dynamics.add(name);
    dynamic.body().attributes().forEach(a -> checkExpression(m, a, bound));
    String iterator = dynamic.body().attribute("iterator").map(a -> a.value().text()).orElse(name);
    Set<String> inner = new java.util.HashSet<>(bound);
    inner.add(iterator);
    List<Block> content = dynamic.body().blocks("content");
    if (content.size() != 1) {
      problems.add(at + ": needs exactly one content block");
      return;
    }
    checkAgainstSchema(
        m,
        content.get(0).body(),
        blockTypes.getAsJsonObject(name).getAsJsonObject("block"),
        path + "." + name,
        where,
        false,
        Set.copyOf(inner));
  }

  private void checkModuleCall(Module m, Block b, String where) {
    String source = b.body().attribute("source").map(a -> a.value().stringLiteral()).orElse(null);
    if (source == null || !(source.startsWith("./") || source.startsWith("../"))) {
      problems.add(
          where + ": module " + b.label(0) + " needs a local literal source, got " + source);
      return;
    }
    Path childDir = m.dir().resolve(source).normalize();
    if (!Files.isDirectory(childDir)) {
      problems.add(where + ": module source " + childDir + " does not exist");
      return;
    }
    Module child = module(childDir);
    for (Attribute a : b.body().attributes()) {
      checkExpression(m, a, Set.of());
      if (!MODULE_META.contains(a.name()) && !child.variables().containsKey(a.name())) {
        problems.add(where + ": module " + b.label(0) + " has no input variable " + a.name());
      }
    }
    child
        .variables()
        .forEach(
            (name, v) -> {
              if (v.body().attribute("default").isEmpty() && b.body().attribute(name).isEmpty()) {
                problems.add(where + ": module " + b.label(0) + " misses required input " + name);
              }
            });
    if (!b.body().blocks().isEmpty()) {
      problems.add(where + ": unexpected block in module call: " + b.body().blocks().get(0).type());
    }
  }

  private void checkExpressions(Module m, Body body, Set<String> bound) {
    body.attributes().forEach(a -> checkExpression(m, a, bound));
    for (Block nested : body.blocks()) {
      checkExpressions(m, nested.body(), bound);
    }
  }

  private void checkExpression(Module m, Attribute a, Set<String> bound) {
    String where = m.dir() + " line " + a.line() + " (" + a.name() + ")";
    for (Token call : a.value().functionCalls()) {
      if (!FUNCTIONS.contains(call.text())) {
        problems.add(where + ": unknown function " + call.text() + "()");
      }
    }
    for (Reference r : a.value().references(bound)) {
      checkReference(m, r, where);
    }
  }

  private void checkReference(Module m, Reference r, String where) {
    List<String> p = r.parts();
    String root = r.root();
    String at = where + ": " + r;
    if (r.boundNames().contains(root) || BUILTIN_ROOTS.contains(root)) {
      return;
    }
    switch (root) {
      case "var" -> {
        if (!m.variables().containsKey(p.get(1))) {
          problems.add(at + ": undeclared variable");
        }
      }
      case "local" -> {
        if (!m.locals().containsKey(p.get(1))) {
          problems.add(at + ": undeclared local");
        }
      }
      case "module" -> {
        Block call = m.calls().get(p.get(1));
        if (call == null) {
          problems.add(at + ": undeclared module");
        } else if (p.size() > 2) {
          String source =
              call.body().attribute("source").map(s -> s.value().stringLiteral()).orElse("");
          Module child = module(m.dir().resolve(source).normalize());
          if (!child.outputs().containsKey(p.get(2))) {
            problems.add(at + ": module " + p.get(1) + " has no output " + p.get(2));
          }
        }
      }
      case "data" -> {
        String key = p.get(1) + "." + (p.size() > 2 ? p.get(2) : "");
        if (!m.dataSources().containsKey(key)) {
          problems.add(at + ": undeclared data source");
        } else {
          checkAttributePath(schema.dataSource(p.get(1)), p.subList(3, p.size()), at);
        }
      }
      default -> {
        JsonObject s = "terraform_data".equals(root) ? TERRAFORM_DATA : schema.resource(root);
        if (s == null) {
          problems.add(at + ": unknown reference root " + root);
        } else if (p.size() < 2 || !m.resources().containsKey(root + "." + p.get(1))) {
          problems.add(at + ": undeclared resource");
        } else {
          checkAttributePath(s, p.subList(2, p.size()), at);
        }
      }
    }
  }

  /** Checks the first attribute or block name after the resource (skipping an instance index). */
  private void checkAttributePath(JsonObject s, List<String> rest, String at) {
    List<String> names = rest.stream().filter(x -> !x.equals("[]")).toList();
    if (names.isEmpty()) {
      return;
    }
    String first = names.get(0);
    if (!obj(s, "attributes").has(first) && !obj(s, "block_types").has(first)) {
      problems.add(at + ": no attribute " + first);
    }
  }

  private void allowOnly(Block b, Set<String> attributes, Set<String> blocks, String where) {
    for (Attribute a : b.body().attributes()) {
      if (!attributes.contains(a.name())) {
        problems.add(where + ": unexpected argument " + a.name() + " in " + b.type());
      }
    }
    for (Block nested : b.body().blocks()) {
      if (!blocks.contains(nested.type())) {
        problems.add(where + ": unexpected block " + nested.type() + " in " + b.type());
      }
    }
  }

  private void require(Block b, String attribute, String where) {
    if (b.body().attribute(attribute).isEmpty()) {
      problems.add(where + ": " + b.type() + " " + b.label(0) + " needs " + attribute);
    }
  }

  private static JsonObject obj(JsonObject s, String key) {
    return s.has(key) ? s.getAsJsonObject(key) : new JsonObject();
  }

  private static int intOf(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? 0 : e.getAsInt();
  }
}
