package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Engine behaviour that the conformance corpus does not pin down directly. */
class EngineTest {

  @Test
  void labelsSortByUtf8BytesNotUtf16() {
    // U+FF21 (fullwidth A) is above every BMP letter but below a supplementary character in
    // UTF-8 byte order; UTF-16 compareTo puts the surrogate pair first.
    Labels l = Labels.of("\uFF21", "1", "\uD834\uDD1E", "2", "a", "3");
    assertThat(List.of(l.name(0), l.name(1), l.name(2)))
        .containsExactly("a", "\uFF21", "\uD834\uDD1E");
    assertThat(l.get("\uD834\uDD1E")).isEqualTo("2");
  }

  @Test
  void emptyValuesAreAbsent() {
    Labels l = Labels.of("a", "", "b", "x");
    assertThat(l.size()).isEqualTo(1);
    assertThat(l.get("a")).isEmpty();
    assertThat(l.has("a")).isFalse();
    assertThat(l.toBuilder().set("b", "").build()).isEqualTo(Labels.empty());
  }

  static Stream<Arguments> hashInputs() {
    return LongStream.range(0, 200)
        .mapToObj(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              StringBuilder sb = new StringBuilder();
              int n = r.nextInt(130);
              for (int i = 0; i < n; i++) {
                sb.appendCodePoint(
                    r.nextInt(4) == 0 ? 0x80 + r.nextInt(0x3000) : 32 + r.nextInt(90));
              }
              long mod = r.nextBoolean() ? 1 + r.nextInt(1000) : r.nextLong();
              return Arguments.of(seed, sb.toString(), mod == 0 ? 7 : mod);
            });
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("hashInputs")
  void hashmodMatchesMessageDigest(long seed, String value, long modulus) throws Exception {
    byte[] d = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
    long low = 0;
    for (int i = 8; i < 16; i++) {
      low = (low << 8) | (d[i] & 0xff);
    }
    assertThat(HashMod.apply(value, modulus))
        .isEqualTo(Long.toUnsignedString(Long.remainderUnsigned(low, modulus)));
  }

  /** The rule's hashmod (with its table of small remainders) gives HashMod's own answer. */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("hashInputs")
  void hashmodRuleAgreesWithDigest(long seed, String value, long modulus) {
    long small = 1 + Math.floorMod(modulus, 1100); // around the table's limit of 1024
    for (long m : new long[] {modulus, small}) {
      Relabeler r =
          Relabeler.compile(
              List.of(
                  RelabelConfig.builder()
                      .action(RelabelAction.HASHMOD)
                      .sourceLabels("v")
                      .targetLabel("h")
                      .modulus(m)
                      .build()),
              Compat.PROMETHEUS_3);
      Labels out = r.apply(Labels.of("v", value));
      assertThat(out.get("h")).isEqualTo(HashMod.apply(value, m));
    }
  }

  @Test
  void hashmodKnownValues() {
    // hashmod: the first 8 bytes of the MD5 sum, big endian, modulo (model/relabel/relabel.go,
    // relabel()); these two values checked with promtool 2.42
    assertThat(HashMod.apply("Foo", 1000)).isEqualTo("229");
    assertThat(HashMod.apply("Foo", -1L)).isEqualTo("9325823989933851229");
  }

  @Test
  void unchangedLabelsAreReturnedAsIs() {
    Relabeler r =
        Relabeler.compile(
            RelabelConfig.parseYaml(
                """
                - source_labels: [env]
                  regex: prod
                  action: keep
                - source_labels: [env]
                  target_label: env
                - action: labeldrop
                  regex: nothing_.*
                """,
                null,
                Compat.PROMETHEUS_3),
            Compat.PROMETHEUS_3);
    Labels in = Labels.of("env", "prod", "job", "x");
    assertThat(r.apply(in)).isSameAs(in);
    assertThat(r.process(in).labels()).isSameAs(in);
  }

  @Test
  void traceShowsEachRule() {
    Relabeler r =
        Relabeler.compile(
            RelabelConfig.parseYaml(
                """
                - source_labels: [a, b]
                  target_label: c
                - source_labels: [c]
                  regex: 'x;.*'
                  action: drop
                """,
                null,
                Compat.PROMETHEUS_3),
            Compat.PROMETHEUS_3);
    RelabelTrace t = r.trace(Labels.of("a", "x", "b", "y"));
    assertThat(t.steps()).hasSize(2);
    assertThat(t.steps().get(0).sourceValue()).isEqualTo("x;y");
    assertThat(t.steps().get(0).after().get("c")).isEqualTo("x;y");
    assertThat(t.steps().get(1).dropped()).isTrue();
    assertThat(t.steps().get(1).matched()).isTrue();
    assertThat(t.result().droppedBy()).isEqualTo(1);
  }

  @Test
  void errorsNameFileLineAndRule() {
    assertThatThrownBy(
            () ->
                Relabeler.compile(
                    RelabelConfig.parseYaml(
                        """
                        - target_label: a
                        - action: hashmod
                          target_label: b
                        """,
                        "rules.yml",
                        Compat.PROMETHEUS_3),
                    Compat.PROMETHEUS_3))
        .isInstanceOfSatisfying(
            RelabelConfigException.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo("relabel configuration for hashmod requires non-zero modulus");
              assertThat(e.ruleIndex()).isEqualTo(1);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "rules.yml:2: relabel rule 1: relabel configuration for hashmod requires"
                          + " non-zero modulus");
            });
  }

  @Test
  void jsonRulesGetYamlDefaults() {
    List<RelabelConfig> rules =
        RelabelConfig.parseJson(
            "[{\"source_labels\": [\"a\"], \"target_label\": \"b\"}]", null, Compat.PROMETHEUS_3);
    assertThat(rules.get(0).regex()).isEqualTo("(.*)");
    assertThat(rules.get(0).replacement()).isEqualTo("$1");
    Relabeler r = Relabeler.compile(rules, Compat.PROMETHEUS_3);
    assertThat(r.apply(Labels.of("a", "v")).get("b")).isEqualTo("v");
  }

  static Stream<Arguments> randomChains() {
    return LongStream.range(0, CHAINS).mapToObj(seed -> Arguments.of(seed));
  }

  private static final int CHAINS = 600;
  // fastAndSlowEnginesAgree: seeds run, and (seed, compat) pairs whose rules compiled and so were
  // compared; a generator that made only invalid rules would otherwise pass on nothing.
  private static final AtomicInteger chainsRun = new AtomicInteger();
  private static final AtomicInteger chainsCompared = new AtomicInteger();

  @AfterAll
  static void mostRandomChainsWereCompared() {
    if (chainsRun.get() == CHAINS) { // the whole set ran, not a single seed from an IDE
      assertThat(chainsCompared.get())
          .as("(seed, compat) pairs compared out of %d", 2 * CHAINS)
          .isGreaterThanOrEqualTo(CHAINS);
    }
  }

  // Names share prefixes (so prefix runs and hints matter), and some sort differently in UTF-16
  // and in code point order.
  private static final String[] NAMES = {
    "a",
    "b",
    "__meta_x",
    "__meta_y_z",
    "__meta_y_w",
    "__meta_\uFF21",
    "__meta_\uD834\uDD1E",
    "job",
    "__address__",
    "__meta_port",
    "team",
    "__tmp_hash",
    "h"
  };
  private static final String[] VALUES = {
    "", "x", "X;y", "prod", "a\nb", "ÄÖ", "10.0.0.1:80", "10.0.0.2", "9100", "Billing", "İ", "𝄞"
  };
  private static final String[] REGEXES = {
    "(.*)",
    "prod",
    "x|y|prod",
    "__meta_(.+)",
    "__meta_y_(.*)",
    ".*o.*",
    "(.+)",
    "([a-z]+)",
    "([^:]+)(?::\\d+)?;(\\d+)",
    "(https?)",
    "(\\w+)_(\\w)",
    "a|b|__meta_x",
    "__meta_.*",
    "(?P<host>[^:]+):(?P<port>\\d+)",
    "[a-z]+?(b)?",
    "(a)|b)(c"
  };
  private static final String[] REPLACEMENTS = {
    "$1", "$1:$2", "${1}x", "$2", "m_$1", "c", "", "$host"
  };
  private static final String[] TARGETS = {"a", "b", "__address__", "team", "$1", "t_${2}", "h"};
  private static final long[] MODULI = {1, 2, 3, 1000, 1024, 1025, -1L, 1L << 40};

  private static <T> T pick(SplittableRandom r, T[] a) {
    return a[r.nextInt(a.length)];
  }

  static List<RelabelConfig> randomRules(SplittableRandom r) {
    RelabelAction[] actions = RelabelAction.values();
    List<RelabelConfig> rules = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(7); i++) {
      RelabelAction a = actions[r.nextInt(actions.length)];
      RelabelConfig.Builder b = RelabelConfig.builder().action(a);
      String[] sources =
          r.nextInt(3) == 0
              ? new String[] {pick(r, NAMES), pick(r, NAMES)}
              : new String[] {pick(r, NAMES)};
      switch (a) {
        case LABELDROP, LABELKEEP -> b.regex(pick(r, REGEXES));
        case LABELMAP ->
            b.regex(r.nextBoolean() ? "__meta_(.+)" : pick(r, REGEXES))
                .replacement(r.nextBoolean() ? "$1" : pick(r, REPLACEMENTS));
        case KEEPEQUAL, DROPEQUAL -> b.sourceLabels(sources).targetLabel(pick(r, NAMES));
        case HASHMOD ->
            b.sourceLabels(sources).targetLabel(pick(r, NAMES)).modulus(MODULI[r.nextInt(8)]);
        case LOWERCASE, UPPERCASE -> b.sourceLabels(sources).targetLabel(pick(r, NAMES));
        default -> {
          b.sourceLabels(sources).regex(pick(r, REGEXES));
          if (a == RelabelAction.REPLACE) {
            b.targetLabel(pick(r, TARGETS)).replacement(pick(r, REPLACEMENTS));
          }
        }
      }
      rules.add(b.build());
    }
    return rules;
  }

  static Labels randomLabels(SplittableRandom r) {
    Labels.Builder in = Labels.builder();
    for (String n : NAMES) {
      if (r.nextInt(4) != 0) {
        in.set(n, pick(r, VALUES));
      }
    }
    return in.build();
  }

  /** Rules that the engine rejects for this compat mode, or null if it compiles them. */
  private static Relabeler compileOrNull(List<RelabelConfig> rules, Compat c, boolean fast) {
    try {
      return Relabeler.compile(rules, c, c.defaultNameValidation(), fast);
    } catch (RelabelConfigException e) {
      return null;
    }
  }

  /**
   * The fast paths change nothing observable on whole rule chains either. One compiled relabeler
   * (two, interleaved) sees a sequence of label sets of different shapes, as in a real job, so that
   * the position hints and remembered names of one call are tested on the next; each answer is
   * compared with a relabeler without fast paths.
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomChains")
  void fastAndSlowEnginesAgree(long seed) {
    chainsRun.incrementAndGet();
    SplittableRandom r = new SplittableRandom(seed);
    List<RelabelConfig> rules = randomRules(r);
    List<RelabelConfig> others = randomRules(r);
    List<Labels> inputs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      inputs.add(i > 0 && r.nextBoolean() ? inputs.get(i - 1) : randomLabels(r));
    }
    for (Compat c : Compat.values()) {
      Relabeler fast = compileOrNull(rules, c, true);
      Relabeler slow = compileOrNull(rules, c, false);
      Relabeler other = compileOrNull(others, c, true);
      if (fast == null) {
        assertThat(slow).isNull();
        continue;
      }
      chainsCompared.incrementAndGet();
      // The answers without fast paths, each from a fresh state (trace keeps no hints).
      List<RelabelResult> want = new ArrayList<>();
      for (Labels in : inputs) {
        want.add(slow.trace(in).result());
      }
      // Traces (what each rule matched, wrote and deleted) agree step by step.
      for (Labels in : inputs) {
        assertThat(fast.trace(in).steps())
            .as("%s on %s", rules, in)
            .isEqualTo(slow.trace(in).steps());
      }
      // One relabeler over the whole sequence: hints and remembered names carry over.
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(fast.process(inputs.get(i)))
            .as("%s on %s", rules, inputs.get(i))
            .isEqualTo(want.get(i));
      }
      assertThat(slow.process(inputs.get(0))).isEqualTo(want.get(0));
      // Two relabelers taking turns on one thread.
      for (int i = 0; i < inputs.size(); i++) {
        if (other != null) {
          other.apply(inputs.get(i));
        }
        assertThat(fast.apply(inputs.get(i))).isEqualTo(want.get(i).labels());
      }
    }
  }

  /** When no rule changes anything, the engine hands back its argument (and so allocates none). */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomChains")
  void rulesThatChangeNothingReturnTheirInput(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<RelabelConfig> rules = randomRules(r);
    for (Compat c : Compat.values()) {
      for (boolean fastPaths : new boolean[] {true, false}) {
        Relabeler rel = compileOrNull(rules, c, fastPaths);
        if (rel == null) {
          continue;
        }
        for (int i = 0; i < 8; i++) {
          Labels in = randomLabels(r);
          Labels out = rel.apply(in);
          if (in.equals(out)) {
            assertThat(out).as("%s on %s", rules, in).isSameAs(in);
          }
        }
      }
    }
  }

  static Stream<Arguments> nameSets() {
    return LongStream.range(0, 300).mapToObj(seed -> Arguments.of(seed));
  }

  /**
   * Lookups may use {@link String#compareTo} for names without chars from U+D800 up; they must find
   * what a scan in code point order finds, and the same insertion point.
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("nameSets")
  void lookupAgreesWithCodePointOrder(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] alphabet = {
      "a", "b", "_", "é", "\uD7FF", "\uE000", "\uFFFF", "𝄞", "\uD800", "\uDC00"
    };
    Labels.Builder b = Labels.builder();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(40); i++) {
      StringBuilder n = new StringBuilder("__meta_");
      for (int k = r.nextInt(4); k >= 0; k--) {
        n.append(pick(r, alphabet));
      }
      keys.add(n.toString());
      if (r.nextBoolean()) {
        b.set(n.toString(), "v");
      }
    }
    Labels l = b.build();
    for (String key : keys) {
      int want = -1;
      for (int i = 0; i < l.size(); i++) {
        int c = Labels.compareNames(l.name(i), key);
        if (c == 0) {
          want = i;
          break;
        }
        if (c > 0) {
          want = -(i + 1);
          break;
        }
        want = -(i + 2);
      }
      if (l.size() == 0) {
        want = -1;
      }
      assertThat(l.indexOf(key)).as("%s in %s", key, l).isEqualTo(want);
    }
  }
}
