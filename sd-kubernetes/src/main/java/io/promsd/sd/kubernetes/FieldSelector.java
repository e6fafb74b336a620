package io.promsd.sd.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Kubernetes field selector ({@code metadata.name=x,status.phase!=Running}), parsed as
 * apimachinery's {@code fields.ParseSelector} parses it, with its error texts. Prometheus validates
 * selectors with it ({@code SDConfig.UnmarshalYAML} in kubernetes.go) and then passes the text
 * verbatim to the API server; so do we. {@link #matches} serves the test fake.
 */
final class FieldSelector {
  /** One term: field, operator ({@code =}, {@code ==} or {@code !=}), value. */
  record Term(String field, String op, String value) {}

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  List<Term> terms() {
    return terms;
  }

  /**
   * Parses a selector; the empty string selects everything.
   *
   * @throws IllegalArgumentException with apimachinery's message, e.g. {@code invalid selector:
   *     'a-b'; can't understand 'a-b'}
   */
  static FieldSelector parse(String selector) {
    List<String> parts = splitTerms(selector);
    parts.sort(null);
    List<Term> terms = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      Term t = splitTerm(part);
      if (t == null) {
        throw new IllegalArgumentException(
            "invalid selector: '" + selector + "'; can't understand '" + part + "'");
      }
      terms.add(new Term(t.field(), t.op(), unescape(t.value())));
    }
    return new FieldSelector(terms);
  }

  /** Whether an object whose fields {@code fields} yields matches every term. */
  boolean matches(Function<String, String> fields) {
    for (Term t : terms) {
      String v = fields.apply(t.field());
      boolean eq = t.value().equals(v == null ? "" : v);
      if (t.op().equals("!=") == eq) {
        return false;
      }
    }
    return true;
  }

  boolean matches(Map<String, String> fields) {
    return matches(fields::get);
  }

  // Splits on commas not escaped by a backslash (fields/selector.go splitTerms).
  private static List<String> splitTerms(String s) {
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean escaped = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (escaped) {
        cur.append(c);
        escaped = false;
      } else if (c == '\\') {
        cur.append(c);
        escaped = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  // The first operator at the leftmost position, trying "!=", "==", "=" there (splitTerm).
  private static Term splitTerm(String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : new String[] {"!=", "==", "="}) {
        if (term.startsWith(op, i)) {
          return new Term(term.substring(0, i), op, term.substring(i + op.length()));
        }
      }
    }
    return null;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('=') < 0 && s.indexOf(',') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (inSlash) {
        if (cp == '\\' || cp == ',' || cp == '=') {
          out.appendCodePoint(cp);
          inSlash = false;
        } else {
          throw new IllegalArgumentException(
              "invalid field selector: invalid escape sequence: \\"
                  + new String(Character.toChars(cp)));
        }
      } else if (cp == '\\') {
        inSlash = true;
      } else if (cp == ',' || cp == '=') {
        // Go prints the rune with %v: its code point number.
        throw new IllegalArgumentException(
            "invalid field selector: unescaped character in value: " + cp);
      } else {
        out.appendCodePoint(cp);
      }
    }
    if (inSlash) {
      throw new IllegalArgumentException("invalid field selector: invalid escape sequence: \\");
    }
    return out.toString();
  }
}
