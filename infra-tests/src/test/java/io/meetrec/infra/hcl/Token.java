package io.meetrec.infra.hcl;

import java.util.List;

/**
 * One lexical token of the HCL subset. Templates (quoted strings and heredocs) keep their
 * interpolations as nested token lists so references inside {@code "${...}"} are checked too.
 */
public record Token(Kind kind, String text, int line, List<List<Token>> interpolations) {

  public enum Kind {
    IDENT,
    NUMBER,
    TEMPLATE,
    PUNCT,
    NEWLINE,
    EOF
  }

  public Token(Kind kind, String text, int line) {
    this(kind, text, line, List.of());
  }

  public boolean is(Kind expected, String value) {
    return kind == expected && text.equals(value);
  }

  public boolean isPunct(String value) {
    return is(Kind.PUNCT, value);
  }
}
