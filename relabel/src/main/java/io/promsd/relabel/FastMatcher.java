package io.promsd.relabel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Matching without re2j for patterns whose language is obvious: {@link #analyze} accepts only a
 * small grammar and gives up (null) on anything else. The kinds: {@link LiteralSet} (literals and
 * alternations of literals), {@link Prefix} ({@code prefix.*}, {@code prefix.+}), {@link Contains}
 * ({@code .*literal.*}), and {@link Backtrack} for other small patterns in a common subset of the
 * syntax. Each must answer exactly as the anchored RE2 match; {@code RegexFastPathTest} and {@code
 * BacktrackTest} hold them to it.
 */
abstract class FastMatcher {
  /** Whether the anchored pattern matches {@code s}; {@code sc} may be null. */
  abstract boolean matches(CharSequence s, Scratch sc);

  /** Like {@link #matches}, writing the group bounds to {@code sc.caps}. */
  abstract boolean submatch(CharSequence s, Scratch sc);

  abstract int groupCount();

  /** Whether this matcher answers for {@code s}; re2j runs when it does not. */
  boolean handles(CharSequence s) {
    return true;
  }

  /** The fast matcher for the unanchored pattern text, or null. */
  static FastMatcher analyze(String re, boolean dotNl) {
    boolean outerGroup = false;
    String body = re;
    if (re.length() >= 2
        && re.charAt(0) == '('
        && re.charAt(re.length() - 1) == ')'
        && !re.startsWith("(?")
        && closingParen(re, 0) == re.length() - 1) {
      outerGroup = true;
      body = re.substring(1, re.length() - 1);
    }
    List<String> branches = splitBranches(body);
    if (branches == null) {
      return Backtrack.analyze(re, dotNl);
    }
    if (branches.size() > 1) {
      List<String> lits = new ArrayList<>();
      for (String b : branches) {
        String lit = literal(b);
        if (lit == null) {
          return Backtrack.analyze(re, dotNl);
        }
        lits.add(lit);
      }
      return new LiteralSet(lits, outerGroup);
    }
    String lit = literal(body);
    if (lit != null) {
      return new LiteralSet(List.of(lit), outerGroup);
    }
    // prefix followed by .* / .+ / (.*) / (.+)
    for (String tail : new String[] {"(.*)", "(.+)", ".*", ".+"}) {
      if (body.endsWith(tail) && !endsEscaped(body, body.length() - tail.length())) {
        String prefix = literal(body.substring(0, body.length() - tail.length()));
        if (prefix == null) {
          continue;
        }
        boolean captureTail = tail.startsWith("(");
        if (captureTail && outerGroup) {
          return Backtrack.analyze(re, dotNl);
        }
        boolean nonEmpty = tail.contains("+");
        return new Prefix(prefix, nonEmpty, dotNl, captureTail, outerGroup);
      }
    }
    // .*literal.*
    if (!outerGroup
        && body.startsWith(".*")
        && body.endsWith(".*")
        && body.length() >= 4
        && !endsEscaped(body, body.length() - 2)) {
      String mid = literal(body.substring(2, body.length() - 2));
      if (mid != null && !mid.isEmpty()) {
        return new Contains(mid, dotNl);
      }
    }
    return Backtrack.analyze(re, dotNl);
  }

  /** Whether the character before {@code at} is an escaping backslash. */
  private static boolean endsEscaped(String s, int at) {
    int k = 0;
    for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      k++;
    }
    return k % 2 == 1;
  }

  private static int closingParen(String re, int open) {
    int depth = 0;
    for (int i = open; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        return -1; // classes: leave to re2j
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Splits on top-level "|"; null if the text has groups or classes. */
  private static List<String> splitBranches(String body) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '|') {
        out.add(body.substring(start, i));
        start = i + 1;
      } else if (c == '(' || c == ')' || c == '[') {
        if (out.isEmpty()) {
          // Only the single-branch forms may hold a group (the tail); checked by the caller.
          return List.of(body);
        }
        return null;
      }
    }
    out.add(body.substring(start));
    return out;
  }

  /** The text a pattern matches when it is a plain literal, else null. */
  static String literal(String re) {
    StringBuilder sb = null;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          return null;
        }
        char e = re.charAt(i + 1);
        // Go allows escaping any ASCII punctuation; letters and digits are classes or errors.
        if (e >= 0x80 || Character.isLetterOrDigit(e) || e <= ' ') {
          return null;
        }
        if (sb == null) {
          sb = new StringBuilder(re.substring(0, i));
        }
        sb.append(e);
        i++;
        continue;
      }
      if ("^$.|?*+()[]{}".indexOf(c) >= 0) {
        return null;
      }
      if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? re : sb.toString();
  }

  /** One or more literals; the pattern matches exactly these strings. */
  static final class LiteralSet extends FastMatcher {
    private final String single;
    private final Set<String> set;
    private final String[] all;
    private final boolean group;

    LiteralSet(List<String> literals, boolean group) {
      this.single = literals.size() == 1 ? literals.get(0) : null;
      this.set = literals.size() == 1 ? null : Set.copyOf(new HashSet<>(literals));
      this.all = new LinkedHashSet<>(literals).toArray(new String[0]);
      this.group = group;
    }

    @Override
    boolean matches(CharSequence s, Scratch sc) {
      if (single != null) {
        return single.contentEquals(s);
      }
      if (s instanceof String str) {
        return set.contains(str);
      }
      for (String lit : all) {
        if (lit.contentEquals(s)) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean submatch(CharSequence s, Scratch sc) {
      if (!matches(s, sc)) {
        return false;
      }
      int n = s.length();
      int[] caps = sc.caps(4);
      caps[0] = 0;
      caps[1] = n;
      caps[2] = 0;
      caps[3] = n;
      return true;
    }

    /** The literals, for callers that look names up instead of testing each one. */
    List<String> literals() {
      return List.of(all);
    }

    @Override
    int groupCount() {
      return group ? 1 : 0;
    }
  }

  /** {@code prefix.*}, {@code prefix.+}, with the tail or the whole captured or not. */
  static final class Prefix extends FastMatcher {
    private final String prefix;
    private final boolean nonEmpty;
    private final boolean dotNl;
    private final boolean captureTail;
    private final boolean captureAll;

    Prefix(
        String prefix, boolean nonEmpty, boolean dotNl, boolean captureTail, boolean captureAll) {
      this.prefix = prefix;
      this.nonEmpty = nonEmpty;
      this.dotNl = dotNl;
      this.captureTail = captureTail;
      this.captureAll = captureAll;
    }

    @Override
    boolean matches(CharSequence s, Scratch sc) {
      int p = prefix.length();
      if (s instanceof String str) {
        if (!str.startsWith(prefix) || (nonEmpty && str.length() == p)) {
          return false;
        }
        return dotNl || str.indexOf('\n', p) < 0;
      }
      int n = s.length();
      if (n < p || (nonEmpty && n == p)) {
        return false;
      }
      for (int i = 0; i < p; i++) {
        if (s.charAt(i) != prefix.charAt(i)) {
          return false;
        }
      }
      if (!dotNl) {
        for (int i = p; i < n; i++) {
          if (s.charAt(i) == '\n') {
            return false;
          }
        }
      }
      return true;
    }

    @Override
    boolean submatch(CharSequence s, Scratch sc) {
      if (!matches(s, sc)) {
        return false;
      }
      int n = s.length();
      int[] caps = sc.caps(4);
      caps[0] = 0;
      caps[1] = n;
      caps[2] = captureTail ? prefix.length() : 0;
      caps[3] = n;
      return true;
    }

    @Override
    int groupCount() {
      return captureTail || captureAll ? 1 : 0;
    }

    String prefix() {
      return prefix;
    }

    boolean nonEmpty() {
      return nonEmpty;
    }

    boolean capturesTail() {
      return captureTail;
    }
  }

  /** {@code .*literal.*}. */
  static final class Contains extends FastMatcher {
    private final String needle;
    private final boolean dotNl;

    Contains(String needle, boolean dotNl) {
      this.needle = needle;
      this.dotNl = dotNl;
    }

    @Override
    boolean matches(CharSequence cs, Scratch sc) {
      String s = cs.toString(); // a join of several labels is copied here: a rare pattern for it
      if (!dotNl && s.indexOf('\n') >= 0) {
        // Without (?s) the dots cannot cross a newline; the needle may hold one itself.
        return needle.indexOf('\n') >= 0 && newlinesInsideNeedle(s);
      }
      return s.contains(needle);
    }

    /**
     * Without (?s) the dots cannot cross a newline, so every newline of {@code s} must lie inside
     * one occurrence of the needle.
     */
    private boolean newlinesInsideNeedle(String s) {
      int first = s.indexOf('\n');
      int last = s.lastIndexOf('\n');
      for (int at = s.indexOf(needle); at >= 0 && at <= first; at = s.indexOf(needle, at + 1)) {
        if (at + needle.length() > last) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean submatch(CharSequence s, Scratch sc) {
      if (!matches(s, sc)) {
        return false;
      }
      int[] caps = sc.caps(2);
      caps[0] = 0;
      caps[1] = s.length();
      return true;
    }

    @Override
    int groupCount() {
      return 0;
    }
  }
}
