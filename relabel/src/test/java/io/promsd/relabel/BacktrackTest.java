package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backtracking matcher must answer exactly as re2j does on the anchored pattern: match or not,
 * and the bounds of every group. Patterns come from a seeded generator of the syntax subset {@link
 * Backtrack} accepts (classes, escapes, groups of every kind, alternation, greedy and lazy
 * repetition); each comes with a string it matches, which is then mutated, so that both matches and
 * near misses are tried. The seed is in the test name, so a failure replays.
 */
class BacktrackTest {
  // Characters for literals and inputs: ASCII punctuation the patterns use, digits, letters, a
  // newline, non-ASCII, a supplementary character and lone surrogates.
  private static final String[] CHARS = {
    "a", "b", "c", "A", "_", "0", "1", "9", ":", ";", ".", "-", "/", " ", "\n", "é", "𝄞", "\uD800",
    "\uDC00", "]", "^"
  };
  private static final String[] LITERALS = {
    "a", "b", "c", "A", "_", "0", "1", ":", ";", "-", "/", " ", "é", "𝄞", "\\.", "\\:", "\\-",
    "\\]", "\\^", "\\$", "\\(", "\\*", "\\|", "\n"
  };

  /** A generated pattern and a string it matches. */
  record Piece(String pattern, String sample, boolean nullable) {}

  static final class Gen {
    private final SplittableRandom rnd;
    private int groups;

    Gen(SplittableRandom rnd) {
      this.rnd = rnd;
    }

    private String pick(String[] a) {
      return a[rnd.nextInt(a.length)];
    }

    Piece alternation(int depth) {
      int k = rnd.nextInt(5) == 0 ? 2 + rnd.nextInt(2) : 1;
      List<Piece> alts = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        alts.add(concat(depth));
      }
      StringBuilder p = new StringBuilder();
      boolean nullable = false;
      for (int i = 0; i < k; i++) {
        p.append(i > 0 ? "|" : "").append(alts.get(i).pattern);
        nullable |= alts.get(i).nullable;
      }
      return new Piece(p.toString(), alts.get(rnd.nextInt(k)).sample, nullable);
    }

    private Piece concat(int depth) {
      int n = rnd.nextInt(depth == 0 ? 5 : 3);
      StringBuilder p = new StringBuilder();
      StringBuilder s = new StringBuilder();
      boolean nullable = true;
      for (int i = 0; i < n; i++) {
        Piece r = repeat(depth);
        p.append(r.pattern);
        s.append(r.sample);
        nullable &= r.nullable;
      }
      return new Piece(p.toString(), s.toString(), nullable);
    }

    private Piece repeat(int depth) {
      Piece a = atom(depth);
      if (a.nullable || rnd.nextInt(3) != 0) {
        return a; // * and + need an operand that cannot match empty (Backtrack's subset)
      }
      String lazy = rnd.nextInt(4) == 0 ? "?" : "";
      switch (rnd.nextInt(3)) {
        case 0:
          {
            int times = rnd.nextInt(3);
            return new Piece(a.pattern + "*" + lazy, a.sample.repeat(times), true);
          }
        case 1:
          {
            int times = 1 + rnd.nextInt(2);
            return new Piece(a.pattern + "+" + lazy, a.sample.repeat(times), false);
          }
        default:
          return new Piece(a.pattern + "?" + lazy, rnd.nextBoolean() ? a.sample : "", true);
      }
    }

    private Piece atom(int depth) {
      int kind = rnd.nextInt(depth >= 3 ? 4 : 6);
      switch (kind) {
        case 0:
          {
            String lit = pick(LITERALS);
            return new Piece(
                lit, lit.length() == 2 && lit.charAt(0) == '\\' ? lit.substring(1) : lit, false);
          }
        case 1:
          return new Piece(".", rnd.nextBoolean() ? "x" : "é", false);
        case 2:
          {
            String[][] perl = {
              {"\\d", "7"}, {"\\D", "x"}, {"\\w", "_"}, {"\\W", ":"}, {"\\s", " "}, {"\\S", "q"}
            };
            String[] e = perl[rnd.nextInt(perl.length)];
            return new Piece(e[0], e[1], false);
          }
        case 3:
          return charClass();
        default:
          {
            Piece inner = alternation(depth + 1);
            switch (rnd.nextInt(3)) {
              case 0:
                groups++;
                return new Piece("(" + inner.pattern + ")", inner.sample, inner.nullable);
              case 1:
                return new Piece("(?:" + inner.pattern + ")", inner.sample, inner.nullable);
              default:
                groups++;
                return new Piece(
                    "(?P<g" + groups + ">" + inner.pattern + ")", inner.sample, inner.nullable);
            }
          }
      }
    }

    private Piece charClass() {
      boolean negated = rnd.nextInt(3) == 0;
      StringBuilder p = new StringBuilder("[");
      if (negated) {
        p.append('^');
      }
      String sample = null;
      int items = 1 + rnd.nextInt(3);
      for (int i = 0; i < items; i++) {
        switch (rnd.nextInt(5)) {
          case 0 -> {
            p.append("a-c");
            sample = "b";
          }
          case 1 -> {
            p.append("0-9");
            sample = "5";
          }
          case 2 -> {
            p.append(rnd.nextBoolean() ? "\\d" : "\\W");
            sample = p.charAt(p.length() - 1) == 'd' ? "3" : "-";
          }
          case 3 -> {
            p.append(rnd.nextBoolean() ? ":" : "\\]");
            sample = p.charAt(p.length() - 1) == ':' ? ":" : "]";
          }
          default -> {
            p.append(rnd.nextBoolean() ? "é-ü" : "𝄞");
            sample = p.charAt(p.length() - 1) == 'ü' ? "ö" : "𝄞";
          }
        }
      }
      if (rnd.nextInt(4) == 0) {
        p.append('-'); // a trailing dash is a literal
      }
      p.append(']');
      // A negated class matches none of its items: take a character outside all of them.
      return new Piece(p.toString(), negated ? "Z" : sample, false);
    }
  }

  static String mutate(SplittableRandom rnd, String s) {
    StringBuilder sb = new StringBuilder(s);
    int edits = rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + 1);
      switch (rnd.nextInt(3)) {
        case 0 -> sb.insert(at, CHARS[rnd.nextInt(CHARS.length)]);
        case 1 -> {
          if (at < sb.length()) {
            sb.deleteCharAt(at);
          }
        }
        default -> {
          if (at < sb.length()) {
            sb.setCharAt(at, CHARS[rnd.nextInt(CHARS.length)].charAt(0));
          }
        }
      }
    }
    return sb.toString();
  }

  static Stream<Arguments> cases() {
    return LongStream.range(0, 4000)
        .mapToObj(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              Piece p = new Gen(rnd).alternation(0);
              List<String> inputs = new ArrayList<>();
              inputs.add(p.sample);
              for (int i = 0; i < 10; i++) {
                inputs.add(mutate(rnd, p.sample));
              }
              return Arguments.of(seed, p.pattern, inputs);
            });
  }

  @ParameterizedTest(name = "seed={0} pattern={1}")
  @MethodSource("cases")
  void backtrackerAgreesWithRe2(long seed, String pattern, List<String> inputs) {
    for (Compat compat : Compat.values()) {
      Backtrack bt = Backtrack.analyze(pattern, compat.dotMatchesNewline());
      assertThat(bt).as("%s is in the subset", pattern).isNotNull();
      Regex re2 = Regex.compile(pattern, compat, false);
      Regex fast = Regex.compile(pattern, compat, true);
      assertThat(bt.groupCount()).isEqualTo(re2.groupCount());
      Scratch sc = new Scratch();
      for (String in : inputs) {
        int[] want = re2.submatch(in);
        assertThat(bt.matches(in, sc))
            .as("%s matches %s (%s)", pattern, in, compat)
            .isEqualTo(want != null);
        boolean got = bt.submatch(in, sc);
        assertThat(got).isEqualTo(want != null);
        if (got) {
          int[] caps = java.util.Arrays.copyOf(sc.caps, 2 * (bt.groupCount() + 1));
          assertThat(caps).as("%s submatch %s (%s)", pattern, in, compat).isEqualTo(want);
        }
        assertThat(fast.submatch(in)).isEqualTo(want); // whichever fast path compile picked
      }
    }
  }

  @Test
  void addressRewriteOfTheKubernetesExample() {
    Regex re = Regex.compile("([^:]+)(?::\\d+)?;(\\d+)", Compat.PROMETHEUS_2);
    assertThat(re.fastMatcher()).isInstanceOf(Backtrack.class);
    assertThat(re.submatch("10.1.2.3:8080;9100")).containsExactly(0, 18, 0, 8, 14, 18);
    assertThat(re.submatch("10.1.2.3;9100")).containsExactly(0, 13, 0, 8, 9, 13);
    assertThat(re.submatch("10.1.2.3:80")).isNull();
    assertThat(re.submatch("10.1.2.3:x;1")).isNull();
    assertThat(re.submatch("a:1:2;3")).isNull();
  }

  @Test
  void lazyAndGreedyChooseAsRe2Does() {
    for (String p : new String[] {"(a+?)(a*)", "(a|ab)(c|bcd)(d*)", "(?:(a)|b)+", "(a*?)(a)"}) {
      Regex fast = Regex.compile(p, Compat.PROMETHEUS_3, true);
      Regex slow = Regex.compile(p, Compat.PROMETHEUS_3, false);
      assertThat(fast.hasFastPath()).as(p).isTrue();
      for (String in : new String[] {"aaa", "abcd", "ab", "a", "", "aab"}) {
        assertThat(fast.submatch(in)).as("%s on %s", p, in).isEqualTo(slow.submatch(in));
      }
    }
  }

  @Test
  void longInputsGoToRe2() {
    Regex re = Regex.compile("([^:]+):(\\d+)", Compat.PROMETHEUS_3);
    String huge = "h".repeat(200_000) + ":1";
    assertThat(re.fastMatcher().handles(huge)).isFalse();
    assertThat(re.submatch(huge)).containsExactly(0, huge.length(), 0, 200_000, 200_001, 200_002);
  }
}
