package io.meetrec.infra.deploy;

import io.meetrec.infra.Repo;
import io.meetrec.infra.hcl.Body;
import io.meetrec.infra.hcl.Body.Attribute;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclParser;
import io.meetrec.infra.hcl.HclValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An environment root and every local module it calls, as parsed blocks: what the deploy checks
 * read to follow a value from the root into the module that uses it.
 */
final class TfTree {

  /** One module instance: its directory, address ({@code module.meetrec.module.pubsub}), call. */
  record Mod(Path dir, String address, List<Block> blocks, Block call, Mod parent) {

    List<Block> resources(String type) {
      return blocks.stream()
          .filter(b -> b.type().equals("resource") && type.equals(b.label(0)))
          .toList();
    }

    List<Block> all(String blockType) {
      return blocks.stream().filter(b -> b.type().equals(blockType)).toList();
    }

    Optional<Block> resource(String type, String name) {
      return resources(type).stream().filter(b -> name.equals(b.label(1))).findFirst();
    }

    Optional<Attribute> local(String name) {
      return all("locals").stream()
          .flatMap(b -> b.body().attributes().stream())
          .filter(a -> a.name().equals(name))
          .findFirst();
    }

    Object localValue(String name) {
      return local(name).map(a -> HclValue.of(a.value())).orElse(null);
    }

    List<Block> calls() {
      return all("module");
    }

    /** The argument this module's caller passes for {@code variable}, if any. */
    Optional<Attribute> input(String variable) {
      return call == null ? Optional.empty() : call.body().attribute(variable);
    }

    Optional<Block> variable(String name) {
      return all("variable").stream().filter(b -> name.equals(b.label(0))).findFirst();
    }

    String name() {
      return dir.getFileName().toString();
    }
  }

  private final List<Mod> modules = new ArrayList<>();

  private TfTree(Path root) {
    load(root.toAbsolutePath().normalize(), "", null, null);
  }

  static TfTree environment(String env) {
    return new TfTree(Repo.root().resolve("terraform/environments").resolve(env));
  }

  static List<String> environments() {
    try (Stream<Path> dirs = Files.list(Repo.root().resolve("terraform/environments"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Mod> modules() {
    return modules;
  }

  Mod root() {
    return modules.get(0);
  }

  /** The module instance of a module directory name (e.g. {@code pubsub}); the first if many. */
  Mod module(String dirName) {
    return modules.stream()
        .filter(m -> m.name().equals(dirName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("module " + dirName + " is not called"));
  }

  List<Mod> instances(String dirName) {
    return modules.stream().filter(m -> m.name().equals(dirName)).toList();
  }

  /** Every resource block of every module with its module. */
  List<Map.Entry<Mod, Block>> resources() {
    List<Map.Entry<Mod, Block>> out = new ArrayList<>();
    for (Mod m : modules) {
      for (Block b : m.blocks()) {
        if (b.type().equals("resource")) {
          out.add(Map.entry(m, b));
        }
      }
    }
    return out;
  }

  private void load(Path dir, String address, Block call, Mod parent) {
    List<Block> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        Body body = HclParser.parse(f);
        blocks.addAll(body.blocks());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Mod m = new Mod(dir, address, blocks, call, parent);
    modules.add(m);
    for (Block b : m.calls()) {
      String source = b.body().attribute("source").orElseThrow().value().stringLiteral();
      load(
          dir.resolve(source).normalize(),
          (address.isEmpty() ? "" : address + ".") + "module." + b.label(0),
          b,
          m);
    }
  }
}
