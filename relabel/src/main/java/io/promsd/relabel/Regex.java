package io.promsd.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relabel regex: the user's pattern, fully anchored as Prometheus anchors it ({@code ^(?:RE)$} in
 * 2.x, {@code ^(?s:RE)$} in 3.x, where the dot also matches a newline), compiled with RE2 semantics
 * by re2j. Patterns that are literals, alternations of literals, a literal prefix followed by
 * {@code .*} or {@code .+}, or {@code .*literal.*} are matched without the regex engine, and other
 * small patterns in a common subset of the syntax by {@link Backtrack}; {@code RegexFastPathTest}
 * and {@code BacktrackTest} hold those paths to re2j's answers.
 *
 * <p>Immutable and thread-safe.
 */
final class Regex {
  /**
   * Compile failure with Go's text, e.g. {@code error parsing regexp: missing closing ):
   * `^(?:()$`}.
   */
  static final class SyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message, null, false, false);
    }
  }

  private final String source;
  private final Pattern pattern;
  private final int groupCount;
  private final Map<String, int[]> namedGroups;
  private final FastMatcher fast; // null when re2j must run
  // False when the pattern closes the anchoring wrapper itself ("a)|(b"): then Go's unanchored
  // search semantics show through and whole-string matching would be wrong.
  private final boolean balanced;

  private Regex(
      String source,
      Pattern pattern,
      int groupCount,
      Map<String, int[]> named,
      FastMatcher fast,
      boolean balanced) {
    this.source = source;
    this.pattern = pattern;
    this.groupCount = groupCount;
    this.namedGroups = named;
    this.fast = fast;
    this.balanced = balanced;
  }

  /**
   * Compiles {@code source} as Prometheus does under {@code compat}.
   *
   * @throws SyntaxException with Go's error text when Go would reject the pattern
   */
  static Regex compile(String source, Compat compat) {
    return compile(source, compat, true);
  }

  static Regex compile(String source, Compat compat, boolean fastPaths) {
    Re2jFolds.install(); // re2j loops forever folding U+1C80..U+1C88 without it
    boolean dotNl = compat.dotMatchesNewline();
    String wrapped = (dotNl ? "^(?s:" : "^(?:") + source + ")$";
    if (!compat.acceptsAngleNamedGroups()) {
      // Go before 1.22 (Prometheus 2.x) knows only (?P<name>); "(?<" is a Perl syntax error.
      if (findUnescaped(source, "(?<") >= 0) {
        throw new SyntaxException(
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<`");
      }
    }
    Pattern p;
    Map<String, String> renamed = Map.of();
    try {
      p = compileExpanded(wrapped);
    } catch (PatternSyntaxException e) {
      String msg = e.getMessage();
      if (msg.contains("duplicate capture group name")) {
        // Go accepts a group name twice; re2j does not. Rename the repeats, remember the names.
        renamed = new HashMap<>();
        String unique = renameDuplicateGroups(wrapped, renamed);
        try {
          p = compileExpanded(unique);
        } catch (PatternSyntaxException e2) {
          throw new SyntaxException(goMessage(e2.getMessage(), wrapped));
        }
      } else {
        throw new SyntaxException(goMessage(msg, wrapped));
      }
    }
    if (source.indexOf('{') >= 0 || source.length() > 900) {
      String limit = GoRegexLimits.check(wrapped, compat);
      if (limit != null) {
        throw new SyntaxException(limit);
      }
    }
    String escape = nonAsciiEscape(source);
    if (escape != null) {
      // Go escapes only ASCII punctuation; re2j also takes "\é" as a literal.
      throw new SyntaxException("error parsing regexp: invalid escape sequence: `" + escape + "`");
    }
    int groups = p.groupCount();
    Map<String, List<Integer>> byName = new HashMap<>();
    for (Map.Entry<String, Integer> e : p.namedGroups().entrySet()) {
      String original = renamed.getOrDefault(e.getKey(), e.getKey());
      byName.computeIfAbsent(original, k -> new ArrayList<>()).add(e.getValue());
    }
    Map<String, int[]> named = new HashMap<>();
    byName.forEach(
        (k, v) -> named.put(k, v.stream().sorted().mapToInt(Integer::intValue).toArray()));
    boolean balanced = isBalanced(source);
    FastMatcher fast = fastPaths && balanced ? FastMatcher.analyze(source, dotNl) : null;
    if (fast != null && fast.groupCount() != groups) {
      fast = null; // never guess: the fast path must describe the same groups as the regex
    }
    return new Regex(source, p, groups, Map.copyOf(named), fast, balanced);
  }

  /**
   * re2j's pattern for {@code re} with its Unicode class escapes spelled out from Go's (Unicode 13)
   * tables ({@link UnicodeClasses}); a syntax error is reported on {@code re} as written.
   */
  private static Pattern compileExpanded(String re) {
    String x = UnicodeClasses.expand(re);
    if (x.equals(re)) {
      return Pattern.compile(re);
    }
    try {
      return Pattern.compile(x);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(re); // the error in the words of the pattern as written
    }
  }

  /** The pattern as the user wrote it. */
  String source() {
    return source;
  }

  int groupCount() {
    return groupCount;
  }

  Map<String, int[]> namedGroups() {
    return namedGroups;
  }

  boolean hasFastPath() {
    return fast != null;
  }

  FastMatcher fastMatcher() {
    return fast;
  }

  /** Whether the wrapper's anchors hold for the whole pattern (see the field). */
  boolean balanced() {
    return balanced;
  }

  /** Go's {@code MatchString} on the anchored regex. */
  boolean matches(String s) {
    return matches(s, null);
  }

  /**
   * As {@link #matches(String)}, with working memory from {@code sc} (may be null); {@code s} may
   * be a reused buffer (a join of source labels), which is then matched without copying it.
   */
  boolean matches(CharSequence s, Scratch sc) {
    if (fast != null && fast.handles(s)) {
      return fast.matches(s, sc);
    }
    if (!balanced) {
      return pattern.matcher(s).find();
    }
    return pattern.matcher(s).matches();
  }

  /**
   * The bounds of the whole match and of every group ({@code -1} for a group that took no part), or
   * null if the regex does not match.
   */
  int[] submatch(String s) {
    Scratch sc = new Scratch();
    return submatch(s, sc) ? Arrays.copyOf(sc.caps, 2 * (groupCount + 1)) : null;
  }

  /**
   * As {@link #submatch(String)}, but the bounds go to {@code sc.caps} (valid until the next use of
   * {@code sc}; entries past group {@link #groupCount()} are unspecified). False if no match.
   */
  boolean submatch(CharSequence s, Scratch sc) {
    if (fast != null && fast.handles(s)) {
      return fast.submatch(s, sc);
    }
    Matcher m = pattern.matcher(s);
    if (!(balanced ? m.matches() : m.find())) {
      return false;
    }
    int[] pos = sc.caps(2 * (groupCount + 1));
    for (int g = 0; g <= groupCount; g++) {
      pos[2 * g] = m.start(g);
      pos[2 * g + 1] = m.end(g);
    }
    return true;
  }

  /**
   * Go's {@code ReplaceAllString} with a {@code $} template, for unbalanced patterns only (a
   * balanced one matches a whole name once, so the caller expands once): every non-overlapping
   * match is replaced, an empty match right after a match is not. Null if nothing matches.
   */
  String replaceAllGo(String s, Template template) {
    Matcher m = pattern.matcher(s);
    StringBuilder out = new StringBuilder();
    int lastEnd = 0;
    int search = 0;
    boolean any = false;
    while (search <= s.length() && m.find(search)) {
      any = true;
      int start = m.start();
      int end = m.end();
      out.append(s, lastEnd, start);
      if (end > lastEnd || start == 0) {
        int[] pos = new int[2 * (groupCount + 1)];
        for (int g = 0; g <= groupCount; g++) {
          pos[2 * g] = m.start(g);
          pos[2 * g + 1] = m.end(g);
        }
        out.append(template.expand(s, pos));
      }
      lastEnd = end;
      int width = search < s.length() ? Character.charCount(s.codePointAt(search)) : 1;
      search = search + width > end ? search + width : end;
    }
    if (!any) {
      return null;
    }
    return out.append(s, lastEnd, s.length()).toString();
  }

  /** Whether parentheses never close more than they opened (outside classes and escapes). */
  static boolean isBalanced(String re) {
    int depth = 0;
    int n = re.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          if (end < 0) {
            return depth >= 0;
          }
          i = end + 1;
        } else {
          i++;
        }
      } else if (inClass) {
        if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            i = end + 1;
            continue;
          }
        }
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < n && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** re2j's message, adjusted where Go words it differently. */
  private static String goMessage(String msg, String wrapped) {
    if (msg.contains("stack underflow")) {
      // Go: parseRightParen reports an unmatched ")" with the whole expression.
      return "error parsing regexp: unexpected ): `" + wrapped + "`";
    }
    return msg;
  }

  /** The first backslash escape of a non-ASCII character (outside {@code \Q...\E}), or null. */
  private static String nonAsciiEscape(String re) {
    for (int i = 0; i + 1 < re.length(); i++) {
      char c = re.charAt(i);
      if (c != '\\') {
        continue;
      }
      char e = re.charAt(i + 1);
      if (e == 'Q') {
        int end = re.indexOf("\\E", i + 2);
        if (end < 0) {
          return null;
        }
        i = end + 1;
      } else if (e >= 0x80) {
        return "\\" + new String(Character.toChars(re.codePointAt(i + 1)));
      } else {
        i++;
      }
    }
    return null;
  }

  /** Index of {@code needle} outside character classes and escapes, or -1. */
  static int findUnescaped(String re, String needle) {
    int n = re.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          if (end < 0) {
            return -1;
          }
          i = end + 1;
        } else {
          i++;
        }
        continue;
      }
      if (inClass) {
        if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            i = end + 1;
            continue;
          }
        }
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        // A "]" right after "[" or "[^" is a literal member.
        if (i + 1 < n && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          i++;
        }
        continue;
      }
      if (re.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Renames repeated group names, recording new name to original name in {@code renamed}. */
  private static String renameDuplicateGroups(String re, Map<String, String> renamed) {
    Set<String> seen = new HashSet<>();
    List<int[]> nameSpans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = nextNamedGroup(re, from);
      if (at < 0) {
        break;
      }
      int nameStart = re.charAt(at + 2) == 'P' ? at + 4 : at + 3;
      int nameEnd = re.indexOf('>', nameStart);
      if (nameEnd < 0) {
        break;
      }
      nameSpans.add(new int[] {nameStart, nameEnd});
      names.add(re.substring(nameStart, nameEnd));
      from = nameEnd;
    }
    Set<String> all = new HashSet<>(names);
    StringBuilder out = new StringBuilder(re);
    int shift = 0;
    int counter = 0;
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      if (seen.add(name)) {
        continue;
      }
      String fresh;
      do {
        fresh = name + "_promsd" + (++counter);
      } while (all.contains(fresh));
      all.add(fresh);
      renamed.put(fresh, name);
      int[] span = nameSpans.get(k);
      out.replace(span[0] + shift, span[1] + shift, fresh);
      shift += fresh.length() - name.length();
    }
    return out.toString();
  }

  private static int nextNamedGroup(String re, int from) {
    String rest = re.substring(from);
    int p = findUnescaped(rest, "(?P<");
    int a = findUnescaped(rest, "(?<");
    int best = -1;
    if (p >= 0) {
      best = p;
    }
    if (a >= 0 && (best < 0 || a < best)) {
      String tail = rest.substring(a + 3);
      if (!tail.startsWith("=") && !tail.startsWith("!")) {
        best = a;
      }
    }
    return best < 0 ? -1 : best + from;
  }

  @Override
  public String toString() {
    return source;
  }

  /**
   * Working memory for matching, reused by one thread across calls so that a match allocates
   * nothing: group bounds, and the visited set and stack of {@link Backtrack}.
   */
  static final class Scratch {
    int[] caps = new int[8];
    int[] stack = new int[64];
    private long[] visited = new long[8];

    /** {@link #caps}, at least {@code n} long, with every entry -1. */
    int[] caps(int n) {
      if (caps.length < n) {
        caps = new int[Math.max(n, 2 * caps.length)];
      }
      Arrays.fill(caps, 0, n, -1);
      return caps;
    }

    /** A cleared bit set of at least {@code words} longs. */
    long[] visited(int words) {
      if (visited.length < words) {
        visited = new long[Math.max(words, 2 * visited.length)];
      } else {
        Arrays.fill(visited, 0, words, 0L);
      }
      return visited;
    }

    int[] growStack() {
      stack = Arrays.copyOf(stack, 2 * stack.length);
      return stack;
    }
  }

  /**
   * Matching without re2j for patterns whose language is obvious: the analysis accepts only a small
   * grammar and gives up (null) on anything else.
   */
  abstract static class FastMatcher {
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
