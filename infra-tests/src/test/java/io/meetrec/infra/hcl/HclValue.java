package io.meetrec.infra.hcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the literal part of an expression: objects, tuples, strings, numbers and booleans
 * become Java maps, lists, strings, doubles and booleans; anything else (references, function
 * calls, conditionals, for-expressions) becomes an {@link Opaque} holding its source text, so a
 * check can still recognise {@code local.sa["recorder"]} without Terraform evaluating it. {@code
 * merge(...)} of object literals is merged, its other arguments are dropped.
 */
public final class HclValue {

  /** An expression the evaluator does not compute; {@code text} has no spaces. */
  public record Opaque(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  private final List<Token> tokens;
  private int pos;

  private HclValue(List<Token> tokens) {
    this.tokens = tokens;
  }

  public static Object of(Expression expression) {
    return of(expression.tokens());
  }

  public static Object of(List<Token> tokens) {
    HclValue v = new HclValue(tokens);
    Object value = v.value();
    if (v.pos < tokens.size()) {
      return new Opaque(text(tokens));
    }
    return value;
  }

  /** Source text of tokens without spaces; templates keep their interpolations as {@code ${x}}. */
  public static String text(List<Token> tokens) {
    StringBuilder sb = new StringBuilder();
    for (Token t : tokens) {
      sb.append(t.kind() == Token.Kind.TEMPLATE ? '"' + template(t) + '"' : t.text());
    }
    return sb.toString();
  }

  /** A template's text with each interpolation written back as {@code ${tokens}}. */
  public static String template(Token t) {
    String literal = t.text();
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (List<Token> inner : t.interpolations()) {
      int at = literal.indexOf("${…}", i);
      sb.append(literal, i, at).append("${").append(text(inner)).append('}');
      i = at + 4;
    }
    return sb.append(literal.substring(i)).toString();
  }

  private Object value() {
    int start = pos;
    Object primary = primary();
    // An operator after the primary (?:, ==, +, ...) makes the whole term opaque.
    if (pos < tokens.size() && !atTermEnd()) {
      pos = start;
      return opaqueTerm();
    }
    return primary;
  }

  private boolean atTermEnd() {
    Token t = tokens.get(pos);
    return t.isPunct(",") || t.isPunct("}") || t.isPunct("]") || t.isPunct(")") || atNextKey();
  }

  /** Inside an object literal without commas, the next {@code key =} starts a new entry. */
  private boolean atNextKey() {
    return pos + 1 < tokens.size()
        && (tokens.get(pos).kind() == Token.Kind.IDENT
            || tokens.get(pos).kind() == Token.Kind.TEMPLATE)
        && (tokens.get(pos + 1).isPunct("=") || tokens.get(pos + 1).isPunct(":"));
  }

  private Object primary() {
    Token t = tokens.get(pos);
    if (t.isPunct("{")
        && !(pos + 1 < tokens.size() && tokens.get(pos + 1).is(Token.Kind.IDENT, "for"))) {
      return object();
    }
    if (t.isPunct("[")
        && !(pos + 1 < tokens.size() && tokens.get(pos + 1).is(Token.Kind.IDENT, "for"))) {
      return list();
    }
    if (t.kind() == Token.Kind.TEMPLATE && t.interpolations().isEmpty()) {
      pos++;
      return t.text();
    }
    if (t.kind() == Token.Kind.NUMBER) {
      pos++;
      return Double.parseDouble(t.text());
    }
    if (t.is(Token.Kind.IDENT, "true") || t.is(Token.Kind.IDENT, "false")) {
      pos++;
      return Boolean.parseBoolean(t.text());
    }
    if (t.is(Token.Kind.IDENT, "merge")
        && pos + 1 < tokens.size()
        && tokens.get(pos + 1).isPunct("(")) {
      return merge();
    }
    return opaqueTerm();
  }

  private Map<String, Object> object() {
    pos++;
    Map<String, Object> out = new LinkedHashMap<>();
    while (!tokens.get(pos).isPunct("}")) {
      Token key = tokens.get(pos++);
      String name = key.kind() == Token.Kind.TEMPLATE ? template(key) : key.text();
      if (!(tokens.get(pos).isPunct("=") || tokens.get(pos).isPunct(":"))) {
        throw new HclException("expression", key.line(), "expected = after object key " + name);
      }
      pos++;
      out.put(name, value());
      if (tokens.get(pos).isPunct(",")) {
        pos++;
      }
    }
    pos++;
    return out;
  }

  private List<Object> list() {
    pos++;
    List<Object> out = new ArrayList<>();
    while (!tokens.get(pos).isPunct("]")) {
      out.add(value());
      if (tokens.get(pos).isPunct(",")) {
        pos++;
      }
    }
    pos++;
    return out;
  }

  private Object merge() {
    pos += 2;
    Map<String, Object> out = new LinkedHashMap<>();
    while (!tokens.get(pos).isPunct(")")) {
      Object arg = value();
      if (arg instanceof Map<?, ?> map) {
        map.forEach((k, v) -> out.put((String) k, v));
      }
      if (tokens.get(pos).isPunct(",")) {
        pos++;
      }
    }
    pos++;
    return out;
  }

  /** Tokens up to the end of the term at bracket depth zero. */
  private Opaque opaqueTerm() {
    int start = pos;
    int depth = 0;
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (depth == 0 && pos > start && atTermEnd()) {
        break;
      }
      if (t.isPunct("(") || t.isPunct("[") || t.isPunct("{")) {
        depth++;
      } else if (t.isPunct(")") || t.isPunct("]") || t.isPunct("}")) {
        if (depth == 0) {
          break;
        }
        depth--;
      }
      pos++;
    }
    return new Opaque(text(tokens.subList(start, pos)));
  }
}
