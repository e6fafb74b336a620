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
 * The regex fast paths (literals, literal alternations, {@code prefix.*}, {@code (.*)}, {@code
 * .*lit.*}) must answer exactly as re2j does on the anchored pattern. Seeded generators: the seed
 * is in the test name, so a failure replays.
 */
class RegexFastPathTest {
  private static final String[] ATOMS = {
    "a", "b", "foo", "_x", "-", "/", ":", "é", "\\.", "\\*", "\\(", "\\|", " ", "\n", "𝄞", "1"
  };
  private static final String[] TAILS = {".*", ".+", "(.*)", "(.+)", ""};

  static String literal(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(ATOMS[rnd.nextInt(ATOMS.length)]);
    }
    return sb.toString();
  }

  static String pattern(SplittableRandom rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return literal(rnd);
      case 1:
        {
          int k = 1 + rnd.nextInt(4);
          List<String> alts = new ArrayList<>();
          for (int i = 0; i < k; i++) {
            alts.add(literal(rnd));
          }
          String alt = String.join("|", alts);
          return rnd.nextBoolean() ? "(" + alt + ")" : alt;
        }
      case 2:
        return literal(rnd) + TAILS[rnd.nextInt(TAILS.length)];
      case 3:
        return ".*" + literal(rnd) + ".*";
      case 4:
        return "(" + literal(rnd) + TAILS[rnd.nextInt(4)].replace("(", "").replace(")", "") + ")";
      default:
        return TAILS[rnd.nextInt(TAILS.length)];
    }
  }

  static String unescape(String lit) {
    return lit.replace("\\", "");
  }

  static String input(SplittableRandom rnd, String pattern) {
    String base =
        unescape(pattern.replace(".*", "").replace(".+", "").replace("(", "").replace(")", ""));
    String[] parts = base.split("\\|", -1);
    String s = parts[rnd.nextInt(parts.length)];
    switch (rnd.nextInt(5)) {
      case 0:
        return s;
      case 1:
        return s + literal(rnd).replace("\\", "");
      case 2:
        return literal(rnd).replace("\\", "") + s + literal(rnd).replace("\\", "");
      case 3:
        return s.isEmpty() ? "" : s.substring(0, rnd.nextInt(s.length()));
      default:
        return s + (rnd.nextBoolean() ? "\n" : "x");
    }
  }

  static Stream<Arguments> cases() {
    return LongStream.range(0, 3000)
        .mapToObj(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              String p = pattern(rnd);
              List<String> inputs = new ArrayList<>();
              for (int i = 0; i < 8; i++) {
                inputs.add(input(rnd, p));
              }
              return Arguments.of(seed, p, inputs);
            });
  }

  @ParameterizedTest(name = "seed={0} pattern={1}")
  @MethodSource("cases")
  void fastPathsAgreeWithRe2(long seed, String pattern, List<String> inputs) {
    for (Compat compat : Compat.values()) {
      Regex fast = Regex.compile(pattern, compat, true);
      Regex slow = Regex.compile(pattern, compat, false);
      for (String in : inputs) {
        assertThat(fast.matches(in))
            .as("%s matches %s (%s)", pattern, in, compat)
            .isEqualTo(slow.matches(in));
        assertThat(fast.submatch(in))
            .as("%s submatch %s (%s)", pattern, in, compat)
            .isEqualTo(slow.submatch(in));
      }
    }
  }

  @Test
  void commonPatternsTakeAFastPath() {
    for (String p :
        new String[] {
          "(.*)",
          "true",
          "a|b|c",
          "__meta_kubernetes_pod_label_(.+)",
          "foo.*",
          ".*bar.*",
          "",
          "pod_template_hash|controller_revision_hash",
          "(production|staging)"
        }) {
      assertThat(Regex.compile(p, Compat.PROMETHEUS_3).hasFastPath()).as(p).isTrue();
    }
    for (String p : new String[] {"([^:]+)(?::\\d+)?;(\\d+)", "(?i)true", "a+", "[ab]"}) {
      assertThat(Regex.compile(p, Compat.PROMETHEUS_3).hasFastPath()).as(p).isFalse();
    }
  }
}
