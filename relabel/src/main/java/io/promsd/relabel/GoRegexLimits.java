package io.promsd.relabel;

import java.util.ArrayList;
import java.util.List;

/**
 * The three limits Go's {@code regexp/syntax} parser enforces and re2j does not: nested counted
 * repetition ({@code (a{1000}){2}}: the product may not exceed 1000), tree height (1000) and
 * compiled size (3,355,443 instructions). It parses an already valid pattern into a small tree
 * shaped like Go's ({@code parse.go}: {@code repeatIsValid}, {@code calcHeight}, {@code calcSize})
 * and measures it.
 */
final class GoRegexLimits {
  private GoRegexLimits() {}

  private static final int MAX_REPEAT = 1000;
  private static final int MAX_HEIGHT = 1000;
  private static final long MAX_SIZE = (128L << 20) / 40;

  private enum Op {
    LITERAL,
    LEAF,
    CAPTURE,
    STAR,
    PLUS,
    QUEST,
    REPEAT,
    CONCAT,
    ALTERNATE
  }

  private static final class Re {
    final Op op;
    final List<Re> subs = new ArrayList<>();
    int runes; // literal length
    boolean grouped; // came out of a (?:...) group: a repeat applies to all of it
    int min;
    int max;

    Re(Op op) {
      this.op = op;
    }
  }

  // Stack for measuring patterns that nest too deeply for the caller's stack (Go allows a height
  // of 1000, so a pattern can hold well over a thousand groups inside each other).
  private static final long DEEP_STACK_BYTES = 64L << 20;

  /** Go's error message for {@code wrapped}, or null when it is within the limits. */
  static String check(String wrapped, Compat compat) {
    try {
      return measure(wrapped, compat);
    } catch (StackOverflowError e) {
      return measureOnDeepStack(wrapped, compat);
    }
  }

  /**
   * The parser and the measures recurse once per nesting level, which can overflow a small thread
   * stack (how deep depends on the JIT); such rare patterns are measured again on a thread whose
   * stack is big enough, so that the answer never depends on the caller's stack.
   */
  private static String measureOnDeepStack(String wrapped, Compat compat) {
    String[] result = new String[1];
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result[0] = measure(wrapped, compat);
              } catch (RuntimeException | Error e) {
                failure[0] = e;
              }
            },
            "promsd-regex-limits",
            DEEP_STACK_BYTES);
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // a bounded computation: finish it, then restore the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    return result[0]; // a RuntimeException means a shape we do not model, as in measure
  }

  /**
   * Where a pattern that re2j rejects holds a nested repeat Go rejects: Go checks each repeat as it
   * parses it (parse.go, {@code parser.repeat}), so that error wins over any syntax error later in
   * the pattern. Returns {@code {text, end}} of the first such repeat, or null. The reading is only
   * trusted up to that repeat; the caller checks that the text before it is valid.
   */
  static Object[] firstBadRepeat(String wrapped) {
    Parser p = new Parser(wrapped);
    try {
      p.parseAlternation();
    } catch (RuntimeException | StackOverflowError e) {
      // an invalid pattern: what was read before the failure still counts
    }
    return p.badRepeat == null ? null : new Object[] {p.badRepeat, p.badRepeatEnd};
  }

  private static String measure(String wrapped, Compat compat) {
    Parser p = new Parser(wrapped);
    Re root;
    try {
      root = p.parseAlternation();
    } catch (RuntimeException e) {
      return null; // not a shape we model; re2j accepted it, so let it be
    }
    if (p.badRepeat != null) {
      return "error parsing regexp: invalid repeat count: `" + p.badRepeat + "`";
    }
    if (p.nodes >= MAX_HEIGHT && height(root) > MAX_HEIGHT) {
      return "error parsing regexp: expression nests too deeply: `" + wrapped + "`";
    }
    if (size(root) > MAX_SIZE) {
      // Go 1.19 (Prometheus 2.42) reported this as an internal error.
      String code =
          compat == Compat.PROMETHEUS_2 ? "regexp/syntax: internal error" : "expression too large";
      return "error parsing regexp: " + code + ": `" + wrapped + "`";
    }
    return null;
  }

  private static int height(Re re) {
    int h = 1;
    for (Re s : re.subs) {
      h = Math.max(h, 1 + height(s));
    }
    return h;
  }

  private static long size(Re re) {
    long size = 0;
    switch (re.op) {
      case LITERAL -> size = re.runes;
      case CAPTURE, STAR -> size = 2 + size(re.subs.get(0));
      case PLUS, QUEST -> size = 1 + size(re.subs.get(0));
      case CONCAT -> {
        for (Re s : re.subs) {
          size += size(s);
        }
      }
      case ALTERNATE -> {
        for (Re s : re.subs) {
          size += size(s);
        }
        size += re.subs.size() - 1;
      }
      case REPEAT -> {
        long sub = size(re.subs.get(0));
        if (re.max == -1) {
          size = re.min == 0 ? 2 + sub : 1 + (long) re.min * sub;
        } else {
          size = (long) re.max * sub + (re.max - re.min);
        }
      }
      default -> size = 1;
    }
    return Math.max(1, Math.min(size, Long.MAX_VALUE / 4));
  }

  private static boolean repeatIsValid(Re re, int n) {
    if (re.op == Op.REPEAT) {
      int m = re.max;
      if (m == 0) {
        return true;
      }
      if (m < 0) {
        m = re.min;
      }
      if (m > n) {
        return false;
      }
      if (m > 0) {
        n /= m;
      }
    }
    for (Re s : re.subs) {
      if (!repeatIsValid(s, n)) {
        return false;
      }
    }
    return true;
  }

  /** A recursive-descent reading of a pattern that re2j has already accepted. */
  private static final class Parser {
    private final String s;
    private int i;
    int nodes;
    String badRepeat;
    int badRepeatEnd;

    Parser(String s) {
      this.s = s;
    }

    Re node(Op op) {
      nodes++;
      return new Re(op);
    }

    Re parseAlternation() {
      List<Re> branches = new ArrayList<>();
      branches.add(parseConcat());
      while (i < s.length() && s.charAt(i) == '|') {
        i++;
        branches.add(parseConcat());
      }
      if (branches.size() == 1) {
        return branches.get(0);
      }
      Re alt = node(Op.ALTERNATE);
      alt.subs.addAll(branches);
      return alt;
    }

    Re parseConcat() {
      List<Re> items = new ArrayList<>();
      while (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
        Re atom = parseAtom();
        if (atom == null) {
          continue; // a flag group like (?i)
        }
        atom = parseRepeats(atom);
        // Adjacent literals merge into one string, as Go's maybeConcat does.
        int last = items.size() - 1;
        if (atom.op == Op.LITERAL && last >= 0 && items.get(last).op == Op.LITERAL) {
          items.get(last).runes += atom.runes;
        } else {
          items.add(atom);
        }
      }
      if (items.size() == 1) {
        return items.get(0);
      }
      Re cat = node(items.isEmpty() ? Op.LEAF : Op.CONCAT);
      cat.subs.addAll(items);
      return cat;
    }

    Re parseRepeats(Re atom) {
      while (i < s.length()) {
        char c = s.charAt(i);
        Re rep;
        int start = i;
        if (c == '*' || c == '+' || c == '?') {
          rep = node(c == '*' ? Op.STAR : c == '+' ? Op.PLUS : Op.QUEST);
          i++;
        } else if (c == '{' && isRepeatBrace()) {
          int close = s.indexOf('}', i);
          String body = s.substring(i + 1, close);
          int comma = body.indexOf(',');
          rep = node(Op.REPEAT);
          if (comma < 0) {
            rep.min = rep.max = Integer.parseInt(body);
          } else {
            rep.min = Integer.parseInt(body.substring(0, comma));
            String hi = body.substring(comma + 1);
            rep.max = hi.isEmpty() ? -1 : Integer.parseInt(hi);
          }
          i = close + 1;
        } else {
          return atom;
        }
        if (i < s.length() && s.charAt(i) == '?') {
          i++; // non-greedy
        }
        if (atom.op == Op.LITERAL && atom.runes > 1 && !atom.grouped) {
          // The operator binds to the last character only.
          atom.runes--;
          Re last = node(Op.LITERAL);
          last.runes = 1;
          rep.subs.add(last);
          Re cat = node(Op.CONCAT);
          cat.subs.add(atom);
          cat.subs.add(rep);
          checkRepeat(rep, start);
          return cat;
        }
        rep.subs.add(atom);
        checkRepeat(rep, start);
        atom = rep;
      }
      return atom;
    }

    private void checkRepeat(Re rep, int start) {
      if (badRepeat == null
          && rep.op == Op.REPEAT
          && (rep.min >= 2 || rep.max >= 2)
          && !repeatIsValid(rep, MAX_REPEAT)) {
        badRepeat = s.substring(start, i);
        badRepeatEnd = i;
      }
    }

    private boolean isRepeatBrace() {
      int close = s.indexOf('}', i);
      if (close < 0) {
        return false;
      }
      int digits = 0;
      int commas = 0;
      for (int k = i + 1; k < close; k++) {
        char c = s.charAt(k);
        if (c == ',') {
          if (++commas > 1 || digits == 0) {
            return false;
          }
        } else if (c < '0' || c > '9') {
          return false;
        } else if (commas == 0) {
          digits++;
        }
      }
      return digits > 0;
    }

    Re parseAtom() {
      char c = s.charAt(i);
      switch (c) {
        case '(' -> {
          return parseGroup();
        }
        case '[' -> {
          skipClass();
          return node(Op.LEAF);
        }
        case '\\' -> {
          return parseEscape();
        }
        case '.', '^', '$' -> {
          i++;
          return node(Op.LEAF);
        }
        default -> {
          i += Character.charCount(s.codePointAt(i));
          Re lit = node(Op.LITERAL);
          lit.runes = 1;
          return lit;
        }
      }
    }

    Re parseGroup() {
      boolean capture = true;
      if (s.startsWith("(?", i)) {
        if (s.startsWith("(?P<", i) || (s.startsWith("(?<", i))) {
          i = s.indexOf('>', i) + 1;
        } else {
          int j = i + 2;
          while (j < s.length() && s.charAt(j) != ')' && s.charAt(j) != ':') {
            j++;
          }
          if (s.charAt(j) == ')') {
            i = j + 1;
            return null; // flags only
          }
          i = j + 1;
          capture = false;
        }
      } else {
        i++;
      }
      Re inner = parseAlternation();
      i++; // ')'
      if (!capture) {
        inner.grouped = true;
        return inner;
      }
      Re cap = node(Op.CAPTURE);
      cap.subs.add(inner);
      return cap;
    }

    Re parseEscape() {
      char e = s.charAt(i + 1);
      if (e == 'Q') {
        int end = s.indexOf("\\E", i + 2);
        int stop = end < 0 ? s.length() : end;
        Re lit = node(Op.LITERAL);
        lit.runes = s.codePointCount(i + 2, stop);
        i = end < 0 ? s.length() : end + 2;
        return lit;
      }
      if (e == 'p' || e == 'P') {
        i += 2;
        if (i < s.length() && s.charAt(i) == '{') {
          i = s.indexOf('}', i) + 1;
        } else {
          i++;
        }
        return node(Op.LEAF);
      }
      if (e == 'x' && i + 2 < s.length() && s.charAt(i + 2) == '{') {
        i = s.indexOf('}', i) + 1;
        Re lit = node(Op.LITERAL);
        lit.runes = 1;
        return lit;
      }
      if ("dDsSwWbBAz".indexOf(e) >= 0) {
        i += 2;
        return node(Op.LEAF);
      }
      i += 1 + Character.charCount(s.codePointAt(i + 1));
      if (e == 'x') {
        i += 2;
      }
      Re lit = node(Op.LITERAL);
      lit.runes = 1;
      return lit;
    }

    void skipClass() {
      i++;
      if (i < s.length() && s.charAt(i) == '^') {
        i++;
      }
      if (i < s.length() && s.charAt(i) == ']') {
        i++;
      }
      while (i < s.length() && s.charAt(i) != ']') {
        if (s.charAt(i) == '\\') {
          i += 2;
        } else if (s.startsWith("[:", i) && s.indexOf(":]", i) > 0) {
          i = s.indexOf(":]", i) + 2;
        } else {
          i++;
        }
      }
      i++;
    }
  }
}
