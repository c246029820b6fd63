package io.meetrec.infra.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizer for the HCL subset used under terraform/. Unknown syntax throws {@link HclException}.
 */
final class HclLexer {
  private static final List<String> MULTI_CHAR_PUNCT =
      List.of("==", "!=", "<=", ">=", "&&", "||", "=>", "...");
  private static final String SINGLE_CHAR_PUNCT = "{}[]()=<>!?:,.*+-/%";

  private final String source;
  private final String text;
  private int pos;
  private int line;

  HclLexer(String source, String text, int firstLine) {
    this.source = source;
    this.text = text;
    this.line = firstLine;
  }

  static List<Token> tokenize(String source, String text) {
    HclLexer lexer = new HclLexer(source, text, 1);
    List<Token> tokens = lexer.tokensUntilClosingBrace(false);
    tokens.add(new Token(Token.Kind.EOF, "", lexer.line));
    return tokens;
  }

  /** Lexes until end of input, or (inside an interpolation) until the unmatched closing brace. */
  private List<Token> tokensUntilClosingBrace(boolean insideInterpolation) {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        tokens.add(new Token(Token.Kind.NEWLINE, "\n", line));
        line++;
        pos++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '#' || text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw fail("unterminated comment");
        }
        line += count(text.substring(pos, end), '\n');
        pos = end + 2;
      } else if (c == '"') {
        pos++;
        tokens.add(quotedTemplate());
      } else if (text.startsWith("<<", pos)) {
        tokens.add(heredoc());
      } else if (Character.isDigit(c)) {
        int start = pos;
        while (pos < text.length()
            && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
          pos++;
        }
        tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, pos), line));
      } else if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < text.length()
            && (Character.isLetterOrDigit(text.charAt(pos))
                || text.charAt(pos) == '_'
                || text.charAt(pos) == '-')) {
          pos++;
        }
        tokens.add(new Token(Token.Kind.IDENT, text.substring(start, pos), line));
      } else {
        String punct = punctuation();
        if (insideInterpolation && punct.equals("}") && depth == 0) {
          return tokens;
        }
        if (punct.equals("{")) {
          depth++;
        } else if (punct.equals("}")) {
          depth--;
        }
        tokens.add(new Token(Token.Kind.PUNCT, punct, line));
      }
    }
    if (insideInterpolation) {
      throw fail("unterminated ${ interpolation");
    }
    return tokens;
  }

  private String punctuation() {
    for (String p : MULTI_CHAR_PUNCT) {
      if (text.startsWith(p, pos)) {
        pos += p.length();
        return p;
      }
    }
    char c = text.charAt(pos);
    if (SINGLE_CHAR_PUNCT.indexOf(c) < 0) {
      throw fail("unexpected character '" + c + "'");
    }
    pos++;
    return String.valueOf(c);
  }

  private Token quotedTemplate() {
    int startLine = line;
    StringBuilder literal = new StringBuilder();
    List<List<Token>> interpolations = new ArrayList<>();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw fail("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return new Token(Token.Kind.TEMPLATE, literal.toString(), startLine, interpolations);
      }
      if (c == '\\') {
        literal.append(c).append(text.charAt(pos + 1));
        pos += 2;
      } else {
        templateChar(literal, interpolations);
      }
    }
  }

  /** Handles one template character: literal, {@code $${} escape, or an interpolation. */
  private void templateChar(StringBuilder literal, List<List<Token>> interpolations) {
    if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
      literal.append(text, pos + 1, pos + 3);
      pos += 3;
    } else if (text.startsWith("${", pos)) {
      pos += 2;
      // consumes the closing brace
      interpolations.add(tokensUntilClosingBrace(true));
      literal.append("${…}");
    } else if (text.startsWith("%{", pos)) {
      throw fail("template directives %{...} are not supported by the checker");
    } else {
      if (text.charAt(pos) == '\n') {
        line++;
      }
      literal.append(text.charAt(pos));
      pos++;
    }
  }

  private Token heredoc() {
    int startLine = line;
    pos += 2;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    int markerStart = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String marker = text.substring(markerStart, pos);
    if (marker.isEmpty() || pos >= text.length() || text.charAt(pos) != '\n') {
      throw fail("malformed heredoc");
    }
    pos++;
    line++;
    StringBuilder literal = new StringBuilder();
    List<List<Token>> interpolations = new ArrayList<>();
    while (true) {
      int lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0) {
        throw fail("heredoc " + marker + " is not terminated");
      }
      if (text.substring(pos, lineEnd).strip().equals(marker)) {
        pos = lineEnd;
        return new Token(Token.Kind.TEMPLATE, literal.toString(), startLine, interpolations);
      }
      while (pos <= lineEnd) {
        templateChar(literal, interpolations);
      }
    }
  }

  private HclException fail(String message) {
    return new HclException(source, line, message);
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(ch -> ch == c).count();
  }
}
