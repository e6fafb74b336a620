package io.promsd.sd.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small subset of Consul's filter language (hashicorp/go-bexpr) for the fake agent: selectors
 * ({@code Service.Tags}, {@code NodeMeta.rack_name}, {@code Node.Meta["k"]}), the operators {@code
 * ==}, {@code !=}, {@code contains}, {@code not contains}, {@code in}, {@code not in}, {@code is
 * empty}, {@code is not empty}, and {@code and}, {@code or}, {@code not}, parentheses. Values are
 * double-quoted, backquoted or bare words. Enough for the expressions in Prometheus's tests and
 * ours; {@code matches} and numeric comparisons are not implemented.
 */
final class BexprFilter {
  private final List<String> tokens;
  private int pos;

  private BexprFilter(String expr) {
    this.tokens = tokenize(expr);
  }

  /** Parses {@code expr}; throws IllegalArgumentException (the fake answers 400) when invalid. */
  static Expr parse(String expr) {
    BexprFilter p = new BexprFilter(expr);
    Expr e = p.or();
    if (p.pos != p.tokens.size()) {
      throw new IllegalArgumentException("unexpected token " + p.tokens.get(p.pos));
    }
    return e;
  }

  /** A parsed expression, evaluated against one JSON object. */
  interface Expr {
    boolean test(JsonNode item);
  }

  private Expr or() {
    Expr left = and();
    while (peek("or")) {
      pos++;
      Expr l = left;
      Expr r = and();
      left = n -> l.test(n) || r.test(n);
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peek("and")) {
      pos++;
      Expr l = left;
      Expr r = not();
      left = n -> l.test(n) && r.test(n);
    }
    return left;
  }

  private Expr not() {
    if (peek("not")) {
      pos++;
      Expr inner = not();
      return n -> !inner.test(n);
    }
    if (peek("(")) {
      pos++;
      Expr inner = or();
      expect(")");
      return inner;
    }
    return match();
  }

  private Expr match() {
    String first = next();
    if (isValue(first) && (peek("in") || (peek("not") && peekAt(1, "in")))) {
      boolean negate = peek("not");
      pos += negate ? 2 : 1;
      String value = unquote(first);
      List<String> sel = selector(next());
      return n -> negate != contains(resolve(n, sel), value);
    }
    List<String> sel = selector(first);
    String op = next();
    switch (op) {
      case "==", "!=" -> {
        String value = unquote(next());
        boolean eq = op.equals("==");
        return n -> eq == text(resolve(n, sel)).equals(value);
      }
      case "contains" -> {
        String value = unquote(next());
        return n -> contains(resolve(n, sel), value);
      }
      case "not" -> {
        expect("contains");
        String value = unquote(next());
        return n -> !contains(resolve(n, sel), value);
      }
      case "is" -> {
        boolean negate = peek("not");
        if (negate) {
          pos++;
        }
        expect("empty");
        return n -> negate != isEmpty(resolve(n, sel));
      }
      default -> throw new IllegalArgumentException("unsupported operator " + op);
    }
  }

  private static JsonNode resolve(JsonNode n, List<String> sel) {
    JsonNode cur = n;
    for (String part : sel) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(part);
    }
    return cur;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "" : n.asText();
  }

  private static boolean contains(JsonNode n, String value) {
    if (n == null || n.isNull()) {
      return false;
    }
    if (n.isArray()) {
      for (JsonNode item : n) {
        if (item.asText().equals(value)) {
          return true;
        }
      }
      return false;
    }
    if (n.isObject()) {
      return n.has(value);
    }
    return n.asText().contains(value);
  }

  private static boolean isEmpty(JsonNode n) {
    return n == null || n.isNull() || n.isEmpty() || (n.isTextual() && n.asText().isEmpty());
  }

  private static List<String> selector(String token) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    StringBuilder cur = new StringBuilder();
    while (i < token.length()) {
      char c = token.charAt(i);
      if (c == '.') {
        parts.add(cur.toString());
        cur.setLength(0);
        i++;
      } else if (c == '[') {
        if (cur.length() > 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        }
        int end = token.indexOf(']', i);
        parts.add(unquote(token.substring(i + 1, end)));
        i = end + 1;
        if (i < token.length() && token.charAt(i) == '.') {
          i++;
        }
      } else {
        cur.append(c);
        i++;
      }
    }
    if (cur.length() > 0) {
      parts.add(cur.toString());
    }
    return parts;
  }

  private static boolean isValue(String t) {
    return t.startsWith("\"") || t.startsWith("`");
  }

  private static String unquote(String t) {
    if (t.length() >= 2 && (t.startsWith("\"") || t.startsWith("`"))) {
      return t.substring(1, t.length() - 1).replace("\\\"", "\"");
    }
    return t;
  }

  private boolean peek(String t) {
    return peekAt(0, t);
  }

  private boolean peekAt(int off, String t) {
    return pos + off < tokens.size() && tokens.get(pos + off).equals(t);
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new IllegalArgumentException("unexpected end of filter");
    }
    return tokens.get(pos++);
  }

  private void expect(String t) {
    if (!peek(t)) {
      throw new IllegalArgumentException("expected " + t);
    }
    pos++;
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(s.substring(i, Math.min(j + 1, s.length())));
        i = j + 1;
      } else if (c == '=' || c == '!') {
        out.add(s.substring(i, Math.min(i + 2, s.length())));
        i += 2;
      } else {
        int j = i;
        while (j < s.length()) {
          char d = s.charAt(j);
          if (Character.isWhitespace(d) || d == '(' || d == ')' || d == '=' || d == '!') {
            break;
          }
          if (d == '[') {
            j = s.indexOf(']', j) + 1;
            continue;
          }
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
