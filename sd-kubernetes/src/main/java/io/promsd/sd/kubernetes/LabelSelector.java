package io.promsd.sd.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code app=web,tier in (a,b),!legacy}), parsed as apimachinery's
 * {@code labels.Parse} parses it (pkg/labels/selector.go: lexer, recursive descent, key and value
 * validation), with its error texts. Prometheus validates with it and passes the text verbatim to
 * the API server; so do we. {@link #matches} serves the test fake.
 */
final class LabelSelector {
  /** One requirement: key, operator, values (sorted, as Go's sets.String lists them). */
  record Requirement(String key, String op, List<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case "in", "=", "==" -> v != null && values.contains(v);
        case "notin", "!=" -> v == null || !values.contains(v);
        case "exists" -> v != null;
        case "!" -> v == null;
        case ">", "<" -> {
          if (v == null) {
            yield false;
          }
          try {
            long l = Long.parseLong(v);
            long r = Long.parseLong(values.get(0));
            yield op.equals(">") ? l > r : l < r;
          } catch (NumberFormatException e) {
            yield false;
          }
        }
        default -> false;
      };
    }
  }

  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  List<Requirement> requirements() {
    return requirements;
  }

  boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  // ---- lexer (selector.go Lexer) ----

  private enum Tok {
    ERROR,
    END,
    CLOSE_PAR,
    COMMA,
    NOT,
    DOUBLE_EQUALS,
    EQUALS,
    GT,
    IDENT,
    IN,
    LT,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAR
  }

  private record Item(Tok tok, String lit) {}

  private static Tok keyword(String s) {
    return switch (s) {
      case ")" -> Tok.CLOSE_PAR;
      case "," -> Tok.COMMA;
      case "!" -> Tok.NOT;
      case "==" -> Tok.DOUBLE_EQUALS;
      case "=" -> Tok.EQUALS;
      case ">" -> Tok.GT;
      case "in" -> Tok.IN;
      case "<" -> Tok.LT;
      case "!=" -> Tok.NOT_EQUALS;
      case "notin" -> Tok.NOT_IN;
      case "(" -> Tok.OPEN_PAR;
      default -> null;
    };
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecial(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private static List<Item> scan(String s) {
    // Go's lexer works on bytes; Java chars give the same token boundaries for the ASCII
    // delimiters, and identifiers keep their text.
    List<Item> items = new ArrayList<>();
    int pos = 0;
    while (true) {
      while (pos < s.length() && isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos >= s.length()) {
        items.add(new Item(Tok.END, ""));
        return items;
      }
      char c = s.charAt(pos);
      if (isSpecial(c)) {
        StringBuilder buf = new StringBuilder();
        Item last = null;
        while (pos < s.length() && isSpecial(s.charAt(pos))) {
          buf.append(s.charAt(pos));
          Tok t = keyword(buf.toString());
          if (t != null) {
            last = new Item(t, buf.toString());
            pos++;
          } else if (last != null) {
            break;
          } else {
            pos++;
          }
        }
        if (last == null) {
          items.add(new Item(Tok.ERROR, "error expected: keyword found '" + buf + "'"));
        } else {
          items.add(last);
        }
      } else {
        int start = pos;
        while (pos < s.length() && !isSpecial(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) {
          pos++;
        }
        String lit = s.substring(start, pos);
        Tok t = keyword(lit);
        items.add(new Item(t != null ? t : Tok.IDENT, lit));
      }
    }
  }

  // ---- parser (selector.go Parser) ----

  private static final class P {
    final List<Item> items;
    int position;

    P(List<Item> items) {
      this.items = items;
    }

    Item look(boolean values) {
      return ctx(items.get(position), values);
    }

    Item consume(boolean values) {
      return ctx(items.get(position++), values);
    }

    private static Item ctx(Item it, boolean values) {
      if (values && (it.tok == Tok.IN || it.tok == Tok.NOT_IN)) {
        return new Item(Tok.IDENT, it.lit);
      }
      return it;
    }
  }

  /**
   * Parses a selector; the empty string selects everything.
   *
   * @throws IllegalArgumentException with apimachinery's message, e.g. {@code unable to parse
   *     requirement: found '', expected: identifier}
   */
  static LabelSelector parse(String selector) {
    P p = new P(scan(selector));
    List<Requirement> reqs = new ArrayList<>();
    while (true) {
      Item it = p.look(true);
      switch (it.tok) {
        case IDENT, NOT -> {
          Requirement r;
          try {
            r = parseRequirement(p);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
          }
          reqs.add(r);
          Item t = p.consume(true);
          switch (t.tok) {
            case END -> {
              return done(reqs);
            }
            case COMMA -> {
              Item t2 = p.look(true);
              if (t2.tok != Tok.IDENT && t2.tok != Tok.NOT) {
                throw new IllegalArgumentException(
                    "found '" + t2.lit + "', expected: identifier after ','");
              }
            }
            default ->
                throw new IllegalArgumentException(
                    "found '" + t.lit + "', expected: ',' or 'end of string'");
          }
        }
        case END -> {
          return done(reqs);
        }
        default ->
            throw new IllegalArgumentException(
                "found '" + it.lit + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private static LabelSelector done(List<Requirement> reqs) {
    List<Requirement> sorted = new ArrayList<>(reqs);
    sorted.sort((a, b) -> a.key.compareTo(b.key));
    return new LabelSelector(sorted);
  }

  private static Requirement parseRequirement(P p) {
    String op = null;
    Item t = p.consume(true);
    if (t.tok == Tok.NOT) {
      op = "!";
      t = p.consume(true);
    }
    if (t.tok != Tok.IDENT) {
      throw new IllegalArgumentException("found '" + t.lit + "', expected: identifier");
    }
    String key = t.lit;
    String keyErr = validateKey(key);
    if (keyErr != null) {
      throw new IllegalArgumentException(invalid("", key, keyErr));
    }
    Tok next = p.look(true).tok;
    if (next == Tok.END || next == Tok.COMMA) {
      if (op == null) {
        op = "exists";
      }
    }
    if ("exists".equals(op) || "!".equals(op)) {
      return new Requirement(key, op, List.of());
    }
    Item o = p.consume(false);
    String binary =
        switch (o.tok) {
          case IN -> "in";
          case EQUALS -> "=";
          case DOUBLE_EQUALS -> "==";
          case GT -> ">";
          case LT -> "<";
          case NOT_IN -> "notin";
          case NOT_EQUALS -> "!=";
          default ->
              throw new IllegalArgumentException(
                  "found '" + o.lit + "', expected: in, notin, =, ==, !=, gt, lt");
        };
    TreeSet<String> values;
    if (binary.equals("in") || binary.equals("notin")) {
      values = parseValues(p);
    } else {
      values = parseExactValue(p);
    }
    List<String> vals = new ArrayList<>(values);
    if ((binary.equals(">") || binary.equals("<"))) {
      for (String v : vals) {
        try {
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              invalid("values[0]", v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
    }
    for (int i = 0; i < vals.size(); i++) {
      String err = validateValue(vals.get(i));
      if (err != null) {
        throw new IllegalArgumentException(
            invalid("values[" + i + "][" + key + "]", vals.get(i), err));
      }
    }
    return new Requirement(key, binary, vals);
  }

  private static TreeSet<String> parseValues(P p) {
    Item t = p.consume(true);
    if (t.tok != Tok.OPEN_PAR) {
      throw new IllegalArgumentException("found '" + t.lit + "' expected: '('");
    }
    Item la = p.look(true);
    switch (la.tok) {
      case IDENT, COMMA -> {
        TreeSet<String> s = parseIdentifiers(p);
        if (p.consume(true).tok != Tok.CLOSE_PAR) {
          throw new IllegalArgumentException("found '" + la.lit + "', expected: ')'");
        }
        return s;
      }
      case CLOSE_PAR -> {
        p.consume(true);
        TreeSet<String> s = new TreeSet<>();
        s.add("");
        return s;
      }
      default ->
          throw new IllegalArgumentException(
              "found '" + la.lit + "', expected: ',', ')' or identifier");
    }
  }

  private static TreeSet<String> parseIdentifiers(P p) {
    TreeSet<String> s = new TreeSet<>();
    while (true) {
      Item t = p.consume(true);
      switch (t.tok) {
        case IDENT -> {
          s.add(t.lit);
          Item t2 = p.look(true);
          if (t2.tok == Tok.COMMA) {
            continue;
          }
          if (t2.tok == Tok.CLOSE_PAR) {
            return s;
          }
          throw new IllegalArgumentException("found '" + t2.lit + "', expected: ',' or ')'");
        }
        case COMMA -> {
          if (s.isEmpty()) {
            s.add("");
          }
          Item t2 = p.look(true);
          if (t2.tok == Tok.CLOSE_PAR) {
            s.add("");
            return s;
          }
          if (t2.tok == Tok.COMMA) {
            p.consume(true);
            s.add("");
          }
        }
        default ->
            throw new IllegalArgumentException(
                "found '" + t.lit + "', expected: ',', or identifier");
      }
    }
  }

  private static TreeSet<String> parseExactValue(P p) {
    TreeSet<String> s = new TreeSet<>();
    Item la = p.look(true);
    if (la.tok == Tok.END || la.tok == Tok.COMMA) {
      s.add("");
      return s;
    }
    Item t = p.consume(true);
    if (t.tok == Tok.IDENT) {
      s.add(t.lit);
      return s;
    }
    throw new IllegalArgumentException("found '" + t.lit + "', expected: identifier");
  }

  // ---- validation (apimachinery util/validation) ----

  private static String invalid(String path, String value, String detail) {
    return path
        + ": Invalid value: "
        + io.promsd.relabel.internal.config.GoText.quote(value)
        + ": "
        + detail;
  }

  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  private static String validateKey(String k) {
    String[] parts = k.split("/", -1);
    String name;
    List<String> errs = new ArrayList<>();
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        if (prefix.length() > 253) {
          errs.add("prefix part must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
          errs.add(
              "prefix part "
                  + regexError(
                      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                          + " characters, '-' or '.', and must start and end with an alphanumeric"
                          + " character",
                      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
                      "example.com"));
        }
      }
    } else {
      return "a qualified name "
          + regexError(
              "must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                  + " with an alphanumeric character",
              QUALIFIED_NAME_FMT,
              "MyName",
              "my.name",
              "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part must be no more than 63 characters");
    }
    if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
      errs.add(
          "name part "
              + regexError(
                  "must consist of alphanumeric characters, '-', '_' or '.', and must start and"
                      + " end with an alphanumeric character",
                  QUALIFIED_NAME_FMT,
                  "MyName",
                  "my.name",
                  "123-abc"));
    }
    return errs.isEmpty() ? null : String.join("; ", errs);
  }

  private static String validateValue(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) {
      errs.add("must be no more than 63 characters");
    }
    if (!LABEL_VALUE.matcher(v).matches()) {
      errs.add(
          regexError(
              "a valid label must be an empty string or consist of alphanumeric characters, '-',"
                  + " '_' or '.', and must start and end with an alphanumeric character",
              LABEL_VALUE_FMT,
              "MyValue",
              "my_value",
              "12345"));
    }
    return errs.isEmpty() ? null : String.join("; ", errs);
  }
}
