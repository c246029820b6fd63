package io.meetrec.infra.hcl;

import java.util.List;
import java.util.Optional;

/** Attributes and nested blocks of a file or a block. */
public record Body(List<Attribute> attributes, List<Block> blocks) {

  public record Attribute(String name, Expression value, int line) {}

  public record Block(String type, List<String> labels, Body body, String source, int line) {
    public String label(int i) {
      return labels.size() > i ? labels.get(i) : null;
    }
  }

  public Optional<Attribute> attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  public List<Block> blocks(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }
}
