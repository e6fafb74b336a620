package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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

  @Test
  void hashmodKnownValues() {
    // research/prometheus-semantics.md §1.4, checked with promtool 2.42
    assertThat(HashMod.apply("Foo", 1000)).isEqualTo("229");
    assertThat(HashMod.apply("Foo", -1L)).isEqualTo("9325823989933851229");
  }

  @Test
  void caseMappingIsPerCodePoint() {
    assertThat(CaseMapping.toLower("İSTANBUL ß ǅ")).isEqualTo("istanbul ß ǆ");
    assertThat(CaseMapping.toUpper("İSTANBUL ß ǅ")).isEqualTo("İSTANBUL ß Ǆ");
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
              assertThat(e.getMessage())
                  .isEqualTo("relabel configuration for hashmod requires non-zero modulus");
              assertThat(e.ruleIndex()).isEqualTo(1);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.located())
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
    return LongStream.range(0, 300).mapToObj(seed -> Arguments.of(seed));
  }

  /** The fast paths change nothing observable on whole rule chains either. */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomChains")
  void fastAndSlowEnginesAgree(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] names = {"a", "b", "__meta_x", "__meta_y_z", "job", "__address__"};
    String[] values = {"", "x", "X;y", "prod", "a\nb", "ÄÖ", "10.0.0.1:80"};
    String[] regexes = {"(.*)", "prod", "x|y|prod", "__meta_(.+)", ".*o.*", "(.+)", "([a-z]+)"};
    RelabelAction[] actions = RelabelAction.values();
    List<RelabelConfig> rules = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(6); i++) {
      RelabelAction a = actions[r.nextInt(actions.length)];
      RelabelConfig.Builder b = RelabelConfig.builder().action(a);
      switch (a) {
        case LABELDROP, LABELKEEP -> b.regex(regexes[r.nextInt(regexes.length)]);
        case LABELMAP -> b.regex("__meta_(.+)").replacement("m_$1");
        case KEEPEQUAL, DROPEQUAL ->
            b.sourceLabels(names[r.nextInt(names.length)]).targetLabel("a");
        case HASHMOD -> b.sourceLabels(names[r.nextInt(names.length)]).targetLabel("h").modulus(3);
        default -> {
          b.sourceLabels(names[r.nextInt(names.length)], names[r.nextInt(names.length)]);
          b.regex(regexes[r.nextInt(regexes.length)]);
          if (a != RelabelAction.KEEP && a != RelabelAction.DROP) {
            b.targetLabel(names[r.nextInt(names.length)]);
          }
        }
      }
      rules.add(b.build());
    }
    Labels.Builder in = Labels.builder();
    for (String n : names) {
      in.set(n, values[r.nextInt(values.length)]);
    }
    Labels input = in.build();
    for (Compat c : Compat.values()) {
      Relabeler fast = Relabeler.compile(rules, c, c.defaultNameValidation(), true);
      Relabeler slow = Relabeler.compile(rules, c, c.defaultNameValidation(), false);
      assertThat(fast.process(input)).isEqualTo(slow.process(input));
      Map<String, String> unused = input.asMap();
      assertThat(unused).isNotNull();
    }
  }
}
