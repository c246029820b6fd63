package io.meetrec.infra.hcl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Structural parser: blocks with labels, attributes whose value runs to the end of the line. */
public final class HclParser {
  private final String source;
  private final List<Token> tokens;
  private int pos;

  private HclParser(String source, List<Token> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  public static Body parse(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file));
  }

  public static Body parse(String source, String text) {
    HclParser parser = new HclParser(source, HclLexer.tokenize(source, text));
    Body body = parser.body(false);
    return body;
  }

  private Body body(boolean nested) {
    List<Body.Attribute> attributes = new ArrayList<>();
    List<Body.Block> blocks = new ArrayList<>();
    while (true) {
      Token t = tokens.get(pos);
      if (t.kind() == Token.Kind.NEWLINE) {
        pos++;
      } else if (t.kind() == Token.Kind.EOF) {
        if (nested) {
          throw new HclException(source, t.line(), "missing }");
        }
        return new Body(attributes, blocks);
      } else if (nested && t.isPunct("}")) {
        pos++;
        return new Body(attributes, blocks);
      } else if (t.kind() == Token.Kind.IDENT) {
        pos++;
        if (tokens.get(pos).isPunct("=")) {
          pos++;
          attributes.add(new Body.Attribute(t.text(), expression(), t.line()));
        } else {
          blocks.add(block(t));
        }
      } else {
        throw new HclException(source, t.line(), "unexpected '" + t.text() + "'");
      }
    }
  }

  private Body.Block block(Token type) {
    List<String> labels = new ArrayList<>();
    while (true) {
      Token t = tokens.get(pos++);
      if (t.kind() == Token.Kind.TEMPLATE && t.interpolations().isEmpty()) {
        labels.add(t.text());
      } else if (t.kind() == Token.Kind.IDENT) {
        labels.add(t.text());
      } else if (t.isPunct("{")) {
        return new Body.Block(type.text(), labels, body(true), source, type.line());
      } else {
        throw new HclException(
            source, t.line(), "expected a label or { after " + type.text() + ", got " + t.text());
      }
    }
  }

  /** Tokens up to the newline (or closing brace of a one-line block) at bracket depth zero. */
  private Expression expression() {
    List<Token> out = new ArrayList<>();
    int depth = 0;
    while (true) {
      Token t = tokens.get(pos);
      if (t.kind() == Token.Kind.EOF) {
        break;
      }
      if (depth == 0 && (t.kind() == Token.Kind.NEWLINE || t.isPunct("}"))) {
        break;
      }
      if (t.isPunct("(") || t.isPunct("[") || t.isPunct("{")) {
        depth++;
      } else if (t.isPunct(")") || t.isPunct("]") || t.isPunct("}")) {
        depth--;
      }
      pos++;
      if (t.kind() != Token.Kind.NEWLINE) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw new HclException(source, tokens.get(pos).line(), "attribute without a value");
    }
    return new Expression(out);
  }
}
