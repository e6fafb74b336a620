package io.promsd.relabel.internal.config;

import io.promsd.relabel.ConfigException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader with the syntax rules and the error texts of Go's {@code encoding/json} ({@code
 * invalid character 'x' after top-level value}, {@code unexpected end of JSON input}, ...),
 * producing {@link Node} trees. Lone surrogate escapes ({@code \ud800}) become U+FFFD as in Go. Not
 * thread-safe; one instance per document.
 */
final class GoJson {
  private final char[] s; // a char array: String.charAt costs more on non-Latin-1 text
  private final int n;
  private final String file;
  private int i;
  private int depth;
  private int line = 1;
  private int lineStart;

  private GoJson(String s, String file) {
    this.s = s.toCharArray();
    this.n = this.s.length;
    this.file = file;
  }

  // encoding/json scanner.go maxNestingDepth: the 10,001st open array or object is an error.
  private static final int MAX_DEPTH = 10_000;

  static Node parse(String text, String file) {
    try {
      return parseHere(text, file);
    } catch (StackOverflowError e) {
      return DeepStack.call(() -> parseHere(text, file));
    }
  }

  private static Node parseHere(String text, String file) {
    GoJson p = new GoJson(text, file);
    p.ws();
    if (p.eof()) {
      throw p.error("unexpected end of JSON input");
    }
    Node v = p.value("looking for beginning of value");
    p.ws();
    if (!p.eof()) {
      throw p.invalid("after top-level value");
    }
    return v;
  }

  private boolean eof() {
    return i >= n;
  }

  private void ws() {
    while (i < n) {
      char c = s[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '\n') {
        i++;
        line++;
        lineStart = i;
      } else {
        return;
      }
    }
  }

  private ConfigException error(String msg) {
    return new ConfigException(msg, file, line);
  }

  /** {@code invalid character 'c' <context>}, or end of input. */
  private ConfigException invalid(String context) {
    if (eof()) {
      return error("unexpected end of JSON input");
    }
    return error("invalid character " + quoteChar(i) + " " + context);
  }

  /** Go's {@code quoteChar} of the byte at {@code at} (the first UTF-8 byte of a character). */
  private String quoteChar(int at) {
    int c = s[at];
    if (c >= 0x80) {
      // Go's scanner sees bytes: report the first byte of the UTF-8 encoding as a rune.
      byte[] b = String.valueOf(s[at]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      c = b[0] & 0xff;
    }
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String q = GoText.quote(new String(Character.toChars(c)));
    return "'" + q.substring(1, q.length() - 1) + "'";
  }

  private Node value(String context) {
    if (eof()) {
      throw error("unexpected end of JSON input");
    }
    int startLine = line;
    int col = i - lineStart + 1;
    char c = s[i];
    switch (c) {
      case '{', '[':
        if (++depth > MAX_DEPTH) {
          throw invalid("exceeded max depth"); // scanner.go pushParseState
        }
        Node nested = c == '{' ? object(startLine, col) : array(startLine, col);
        depth--;
        return nested;
      case '"':
        return scalar("!!str", string(), startLine, col);
      case 't':
        literal("true");
        return scalar("!!bool", "true", startLine, col);
      case 'f':
        literal("false");
        return scalar("!!bool", "false", startLine, col);
      case 'n':
        literal("null");
        return scalar("!!null", "", startLine, col);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(startLine, col);
        }
        throw invalid(context);
    }
  }

  private Node scalar(String tag, String text, int line, int col) {
    return new Node(Node.Kind.SCALAR, tag, text, line, col, List.of(), List.of(), file);
  }

  private void literal(String word) {
    for (int k = 0; k < word.length(); k++) {
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      if (s[i] != word.charAt(k)) {
        throw invalid("in literal " + word + " (expecting '" + word.charAt(k) + "')");
      }
      i++;
    }
  }

  private Node object(int startLine, int col) {
    i++; // {
    List<Map.Entry<Node, Node>> entries = new ArrayList<>();
    ws();
    if (!eof() && s[i] == '}') {
      i++;
      return new Node(Node.Kind.MAPPING, "!!map", "", startLine, col, List.of(), entries, file);
    }
    while (true) {
      ws();
      if (eof() || s[i] != '"') {
        throw invalid("looking for beginning of object key string");
      }
      int kl = line;
      int kc = i - lineStart + 1;
      Node key = scalar("!!str", string(), kl, kc);
      ws();
      if (eof() || s[i] != ':') {
        throw invalid("after object key");
      }
      i++;
      ws();
      Node v = value("looking for beginning of value");
      entries.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
      ws();
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      char c = s[i];
      if (c == ',') {
        i++;
        continue;
      }
      if (c == '}') {
        i++;
        return new Node(Node.Kind.MAPPING, "!!map", "", startLine, col, List.of(), entries, file);
      }
      throw invalid("after object key:value pair");
    }
  }

  private Node array(int startLine, int col) {
    i++; // [
    List<Node> items = new ArrayList<>();
    ws();
    if (!eof() && s[i] == ']') {
      i++;
      return new Node(Node.Kind.SEQUENCE, "!!seq", "", startLine, col, items, List.of(), file);
    }
    while (true) {
      ws();
      items.add(value("looking for beginning of value"));
      ws();
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      char c = s[i];
      if (c == ',') {
        i++;
        continue;
      }
      if (c == ']') {
        i++;
        return new Node(Node.Kind.SEQUENCE, "!!seq", "", startLine, col, items, List.of(), file);
      }
      throw invalid("after array element");
    }
  }

  private String string() {
    i++; // opening quote
    StringBuilder sb = null;
    int start = i;
    while (true) {
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      char c = s[i];
      if (c == '"') {
        String out =
            sb == null
                ? new String(s, start, i - start)
                : sb.append(s, start, i - start).toString();
        i++;
        return out;
      }
      if (c < 0x20) {
        throw invalid("in string literal");
      }
      if (c != '\\') {
        i++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(s, start, i - start);
      i++;
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      char e = s[i];
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          int cp = hex4(i + 1);
          i += 4;
          if (Character.isHighSurrogate((char) cp)
              && i + 6 < n + 1
              && s[i + 1] == '\\'
              && s[i + 2] == 'u') {
            int low = hex4(i + 3);
            if (Character.isLowSurrogate((char) low)) {
              sb.append((char) cp).append((char) low);
              i += 6;
              break;
            }
          }
          sb.append(Character.isSurrogate((char) cp) ? '\uFFFD' : (char) cp);
        }
        default -> throw invalid("in string escape code");
      }
      i++;
      start = i;
    }
  }

  private int hex4(int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      if (at + k >= n) {
        i = n;
        throw error("unexpected end of JSON input");
      }
      int d = Character.digit(s[at + k], 16);
      if (d < 0 || s[at + k] >= 0x80) {
        i = at + k;
        throw invalid("in \\u hexadecimal character escape");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private Node number(int startLine, int col) {
    int start = i;
    boolean fraction = false;
    if (s[i] == '-') {
      i++;
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      if (!digit(s[i])) {
        throw invalid("in numeric literal");
      }
    }
    if (s[i] == '0') {
      i++;
    } else {
      while (!eof() && digit(s[i])) {
        i++;
      }
    }
    if (!eof() && s[i] == '.') {
      fraction = true;
      i++;
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      if (!digit(s[i])) {
        throw invalid("after decimal point in numeric literal");
      }
      while (!eof() && digit(s[i])) {
        i++;
      }
    }
    if (!eof() && (s[i] == 'e' || s[i] == 'E')) {
      fraction = true;
      i++;
      if (!eof() && (s[i] == '+' || s[i] == '-')) {
        i++;
      }
      if (eof()) {
        throw error("unexpected end of JSON input");
      }
      if (!digit(s[i])) {
        throw invalid("in exponent of numeric literal");
      }
      while (!eof() && digit(s[i])) {
        i++;
      }
    }
    return scalar(fraction ? "!!float" : "!!int", new String(s, start, i - start), startLine, col);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
