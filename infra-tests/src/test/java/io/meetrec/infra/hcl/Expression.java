package io.meetrec.infra.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An attribute value kept as tokens; enough to find references, function calls and literals. */
public record Expression(List<Token> tokens) {

  /** A traversal such as {@code module.x.y} or {@code google_pubsub_topic.main["a"].id}. */
  public record Reference(List<String> parts, Set<String> boundNames, int line) {
    public String root() {
      return parts.get(0);
    }

    @Override
    public String toString() {
      return String.join(".", parts);
    }
  }

  /** The literal value when the expression is one plain string without interpolation. */
  public String stringLiteral() {
    if (tokens.size() == 1
        && tokens.get(0).kind() == Token.Kind.TEMPLATE
        && tokens.get(0).interpolations().isEmpty()) {
      return tokens.get(0).text();
    }
    return null;
  }

  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Token t : tokens) {
      sb.append(t.kind() == Token.Kind.TEMPLATE ? '"' + t.text() + '"' : t.text()).append(' ');
    }
    return sb.toString().strip();
  }

  /** Every dotted traversal, including those inside string interpolations. */
  public List<Reference> references(Set<String> outerBound) {
    List<Reference> out = new ArrayList<>();
    collect(tokens, outerBound, out);
    return out;
  }

  /** Names called as functions, including inside interpolations. */
  public List<Token> functionCalls() {
    List<Token> out = new ArrayList<>();
    collectCalls(tokens, out);
    return out;
  }

  private static void collectCalls(List<Token> tokens, List<Token> out) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.IDENT
          && i + 1 < tokens.size()
          && tokens.get(i + 1).isPunct("(")
          && (i == 0 || !tokens.get(i - 1).isPunct("."))) {
        out.add(t);
      }
      t.interpolations().forEach(inner -> collectCalls(inner, out));
    }
  }

  private static void collect(List<Token> tokens, Set<String> outerBound, List<Reference> out) {
    Set<String> bound = new java.util.HashSet<>(outerBound);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).is(Token.Kind.IDENT, "for")) {
        for (int j = i + 1; j < tokens.size() && !tokens.get(j).is(Token.Kind.IDENT, "in"); j++) {
          if (tokens.get(j).kind() == Token.Kind.IDENT) {
            bound.add(tokens.get(j).text());
          }
        }
      }
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      t.interpolations().forEach(inner -> collect(inner, bound, out));
      boolean afterDot = i > 0 && tokens.get(i - 1).isPunct(".");
      if (t.kind() != Token.Kind.IDENT || afterDot || i + 1 >= tokens.size()) {
        continue;
      }
      if (!tokens.get(i + 1).isPunct(".")) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      parts.add(t.text());
      int j = i + 1;
      while (j < tokens.size()) {
        if (tokens.get(j).isPunct(".")
            && j + 1 < tokens.size()
            && tokens.get(j + 1).kind() != Token.Kind.PUNCT) {
          parts.add(tokens.get(j + 1).text());
          j += 2;
        } else if (tokens.get(j).isPunct("[")) {
          int depth = 0;
          do {
            if (tokens.get(j).isPunct("[")) {
              depth++;
            } else if (tokens.get(j).isPunct("]")) {
              depth--;
            }
            j++;
          } while (depth > 0 && j < tokens.size());
          parts.add("[]");
        } else {
          break;
        }
      }
      out.add(new Reference(parts, Set.copyOf(bound), t.line()));
    }
  }
}
