package io.meetrec.infra.config;

import io.meetrec.infra.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings the deployables read: the tables of {@code docs/configuration.md} (environment
 * variable, property, secret marker, per deployable) and the {@code @ConfigurationProperties}
 * records in the code (prefix and components), so manifests and Terraform can be checked against
 * both.
 */
public final class ConfigurationReference {

  /** One documented environment variable of one deployable. */
  public record Setting(String deployable, String env, String property, boolean secret) {}

  private static final Pattern ENV_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
  private static final Pattern PROPERTY = Pattern.compile("`([a-z][a-z0-9.-]*)`");
  private static final Pattern PREFIX = Pattern.compile("String PREFIX = \"([a-z0-9.-]+)\"");

  /** Deployable (first word of a docs section heading) to its module directory. */
  public static final Map<String, String> MODULES =
      Map.of(
          "intake", "functions/intake",
          "signing", "functions/signing",
          "webhooks", "functions/webhooks",
          "secret-rotation", "functions/secret-rotation",
          "recorder", "recorder-node");

  private final Map<String, Map<String, Setting>> byDeployable = new HashMap<>();
  private final Map<String, Set<String>> components = new HashMap<>();

  private ConfigurationReference() {}

  public static ConfigurationReference load() {
    ConfigurationReference ref = new ConfigurationReference();
    ref.readDocs(Repo.root().resolve("docs/configuration.md"));
    for (String module : MODULES.values()) {
      ref.readRecords(Repo.root().resolve(module).resolve("src/main/java"));
    }
    return ref;
  }

  /**
   * The setting {@code env} of {@code deployable}, or of every deployable (the logging table); null
   * if the docs name no such variable there.
   */
  public Setting find(String deployable, String env) {
    Setting own = byDeployable.getOrDefault(deployable, Map.of()).get(env);
    return own != null ? own : byDeployable.getOrDefault("every", Map.of()).get(env);
  }

  public Set<String> documented(String deployable) {
    return byDeployable.getOrDefault(deployable, Map.of()).keySet();
  }

  /**
   * Problems with reading {@code env} in {@code deployable}: undocumented, no record component
   * behind a {@code meetrec.*} property, or a variable that does not bind to that property.
   */
  public List<String> problems(String deployable, String env) {
    List<String> problems = new ArrayList<>();
    Setting s = find(deployable, env);
    if (s == null) {
      problems.add(env + " is not a documented setting of " + deployable);
      return problems;
    }
    if (s.property() == null) {
      return problems;
    }
    if (s.property().startsWith("meetrec.") && !bound(s.property())) {
      problems.add(
          env + " documents " + s.property() + ", which no @ConfigurationProperties record binds");
    }
    String relaxed = s.property().toUpperCase().replace('.', '_').replace('-', '_');
    if (!relaxed.equals(env) && !placeholderIn(MODULES.get(s.deployable()), env)) {
      problems.add(
          env
              + " neither binds "
              + s.property()
              + " by name nor appears as a placeholder in "
              + s.deployable()
              + "'s application.yml");
    }
    return problems;
  }

  private boolean bound(String property) {
    String best = null;
    for (String prefix : components.keySet()) {
      if (property.startsWith(prefix + ".") && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    if (best == null) {
      return false;
    }
    String rest = property.substring(best.length() + 1);
    return !rest.contains(".") && components.get(best).contains(rest);
  }

  private static boolean placeholderIn(String module, String env) {
    if (module == null) {
      return false;
    }
    Path resources = Repo.root().resolve(module).resolve("src/main/resources");
    try (Stream<Path> files = Files.list(resources)) {
      for (Path yml :
          files.filter(p -> p.getFileName().toString().startsWith("application")).toList()) {
        if (Files.readString(yml).contains("${" + env + ":")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readDocs(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String deployable = null;
    int envColumn = -1;
    int propertyColumn = -1;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        String heading = line.substring(3).trim().toLowerCase();
        deployable = heading.startsWith("every deployable") ? "every" : heading.split("[ :]")[0];
        envColumn = -1;
        continue;
      }
      if (!line.startsWith("|")) {
        envColumn = -1;
        continue;
      }
      List<String> cells = cells(line);
      if (envColumn < 0) {
        envColumn = cells.indexOf("environment variable");
        propertyColumn = cells.indexOf("property");
        continue;
      }
      if (line.startsWith("|---") || envColumn >= cells.size() || deployable == null) {
        continue;
      }
      String property = null;
      if (propertyColumn >= 0) {
        Matcher p = PROPERTY.matcher(cells.get(propertyColumn));
        property = p.find() ? p.group(1) : null;
      }
      boolean secret = line.contains("secret: never log it");
      Matcher m = ENV_NAME.matcher(cells.get(envColumn));
      while (m.find()) {
        byDeployable
            .computeIfAbsent(deployable, k -> new LinkedHashMap<>())
            .putIfAbsent(m.group(1), new Setting(deployable, m.group(1), property, secret));
      }
    }
  }

  private static List<String> cells(String row) {
    List<String> out = new ArrayList<>();
    for (String cell : row.substring(1).split("\\|", -1)) {
      out.add(cell.trim());
    }
    return out;
  }

  private void readRecords(Path sources) {
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path java : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(java);
        Matcher prefix = PREFIX.matcher(text);
        int record = text.indexOf("@ConfigurationProperties(");
        if (record < 0 || !prefix.find()) {
          continue;
        }
        int open = text.indexOf('(', text.indexOf(" record ", record));
        components
            .computeIfAbsent(prefix.group(1), k -> new HashSet<>())
            .addAll(componentNames(text, open));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kebab-case names of the record components declared in the parentheses opening at open. */
  private static List<String> componentNames(String text, int open) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder current = new StringBuilder();
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' && text.charAt(i - 1) != '\\') {
        quoted = !quoted;
      }
      if (!quoted && (c == '(' || c == '<')) {
        depth++;
      } else if (!quoted && (c == ')' || c == '>')) {
        depth--;
      }
      if (!quoted && depth == 0 || !quoted && depth == 1 && c == ',') {
        names.add(lastIdentifier(current.toString()));
        current.setLength(0);
        if (depth == 0) {
          break;
        }
        continue;
      }
      if (i > open) {
        current.append(c);
      }
    }
    return names.stream().filter(n -> !n.isEmpty()).map(ConfigurationReference::kebab).toList();
  }

  private static String lastIdentifier(String parameter) {
    Matcher m = Pattern.compile("(\\w+)\\s*$").matcher(parameter.strip());
    return m.find() ? m.group(1) : "";
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
