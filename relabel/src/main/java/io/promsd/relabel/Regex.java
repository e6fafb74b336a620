package io.promsd.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A relabel regex: the user's pattern, fully anchored as Prometheus anchors it ({@code ^(?:RE)$} in
 * 2.x, {@code ^(?s:RE)$} in 3.x, where the dot also matches a newline), compiled with RE2 semantics
 * by re2j. Patterns that are literals, alternations of literals, a literal prefix followed by
 * {@code .*} or {@code .+}, or {@code .*literal.*} are matched without the regex engine, and other
 * small patterns in a common subset of the syntax by {@link Backtrack} (see {@link FastMatcher});
 * {@code RegexFastPathTest} and {@code BacktrackTest} hold those paths to re2j's answers.
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
      if (PatternText.findUnescaped(source, "(?<") >= 0) {
        throw new SyntaxException(
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<`");
      }
    }
    // Go checks its limits while it parses (regexp/syntax parse.go: repeat, checkLimits); re2j
    // does not, and compiling a pattern beyond them (nested counted repeats) can take minutes and
    // gigabytes. So re2j only parses first (cheap, and the same syntax errors in the same order),
    // the limits are measured on that valid pattern, and only then does re2j compile it.
    Map<String, String> renamed = Map.of();
    String parseable = wrapped;
    try {
      parseExpanded(wrapped);
    } catch (PatternSyntaxException e) {
      String msg = e.getMessage();
      if (!msg.contains("duplicate capture group name")) {
        String repeat = badRepeatBefore(wrapped);
        throw new SyntaxException(repeat != null ? repeat : goMessage(msg, wrapped));
      }
      // Go accepts a group name twice; re2j does not. Rename the repeats, remember the names.
      renamed = new HashMap<>();
      parseable = PatternText.renameDuplicateGroups(wrapped, renamed);
      try {
        parseExpanded(parseable);
      } catch (PatternSyntaxException e2) {
        String repeat = badRepeatBefore(wrapped);
        throw new SyntaxException(repeat != null ? repeat : goMessage(e2.getMessage(), wrapped));
      }
    }
    if (source.indexOf('{') >= 0 || source.length() > 900) {
      String limit = GoRegexLimits.check(wrapped, compat);
      if (limit != null) {
        throw new SyntaxException(limit);
      }
    }
    Pattern p;
    try {
      p = compileExpanded(parseable);
    } catch (PatternSyntaxException e) {
      throw new SyntaxException(goMessage(e.getMessage(), wrapped));
    }
    String escape = PatternText.nonAsciiEscape(source);
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
    boolean balanced = PatternText.isBalanced(source);
    FastMatcher fast = fastPaths && balanced ? FastMatcher.analyze(source, dotNl) : null;
    if (fast != null && fast.groupCount() != groups) {
      fast = null; // never guess: the fast path must describe the same groups as the regex
    }
    return new Regex(source, p, groups, Map.copyOf(named), fast, balanced);
  }

  /**
   * Go's text for a nested repeat beyond its limit that comes before the syntax error re2j found in
   * {@code wrapped} (Go reports whichever its parser meets first), or null. The text up to that
   * repeat must parse but for its still open groups.
   */
  private static String badRepeatBefore(String wrapped) {
    Object[] bad = GoRegexLimits.firstBadRepeat(wrapped);
    if (bad == null) {
      return null;
    }
    String prefix = wrapped.substring(0, (Integer) bad[1]);
    try {
      parseExpanded(prefix);
    } catch (PatternSyntaxException e) {
      String m = e.getMessage();
      if (!m.contains("missing closing )") && !m.contains("duplicate capture group name")) {
        return null; // an earlier syntax error: Go names that one
      }
    }
    return "error parsing regexp: invalid repeat count: `" + bad[0] + "`";
  }

  /** As {@link #compileExpanded}, but only parsing: throws its syntax error, compiles nothing. */
  private static void parseExpanded(String re) {
    String x = UnicodeClasses.expand(re);
    if (!x.equals(re)) {
      try {
        Re2jParse.check(x);
        return;
      } catch (PatternSyntaxException e) {
        // the error in the words of the pattern as written, below
      }
    }
    Re2jParse.check(re);
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

  /** re2j's message, adjusted where Go words it differently. */
  private static String goMessage(String msg, String wrapped) {
    if (msg.contains("stack underflow")) {
      // Go: parseRightParen reports an unmatched ")" with the whole expression.
      return "error parsing regexp: unexpected ): `" + wrapped + "`";
    }
    return msg;
  }

  @Override
  public String toString() {
    return source;
  }
}
