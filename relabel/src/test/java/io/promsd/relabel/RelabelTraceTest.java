package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The readable text of a trace (promsd's own format, documented in README and RelabelTrace). */
class RelabelTraceTest {
  private static Relabeler rules(String yaml) {
    return Relabeler.compile(
        RelabelConfig.parseYaml(yaml, "rules.yml", Compat.PROMETHEUS_3), Compat.PROMETHEUS_3);
  }

  @Test
  void everyKindOfStepIsExplained() {
    Relabeler r =
        rules(
            """
            - {target_label: team, replacement: infra}
            - {source_labels: [a], regex: "x", target_label: nomatch}
            - {source_labels: [a], target_label: a_hash, modulus: 8, action: hashmod}
            - {source_labels: [a], target_label: a_upper, action: uppercase}
            - {source_labels: [a_upper], target_label: a_lower, action: lowercase}
            - {source_labels: [a], target_label: a_lower, action: keepequal}
            - {regex: "a_(.+)", replacement: "b_$1", action: labelmap}
            - {regex: "a_.*", action: labeldrop}
            - {regex: "a|b_.*|team", action: labelkeep}
            - {source_labels: [b_upper], target_label: a, action: dropequal}
            """);
    // hashmod: md5("mixed") = 1d770934d44de09b 0d24f04fd01708ba; 0x0d24f04fd01708ba % 8 = 2
    assertThat(r.trace(Labels.of("a", "mixed", "z", "1")).format(""))
        .isEqualTo(
            """
            trace:
              input {a="mixed", z="1"}
              #0 replace   => +team="infra"
              #1 replace   [a] "mixed" !~ `x` => no change
              #2 hashmod   [a] "mixed" mod 8 => +a_hash="2"
              #3 uppercase [a] "mixed" => +a_upper="MIXED"
              #4 lowercase [a_upper] "MIXED" => +a_lower="mixed"
              #5 keepequal [a] "mixed" == a_lower "mixed" => kept
              #6 labelmap  names =~ `a_(.+)` => +b_hash="2", +b_lower="mixed", +b_upper="MIXED"
              #7 labeldrop names =~ `a_.*` => -a_hash="2", -a_lower="mixed", -a_upper="MIXED"
              #8 labelkeep names =~ `a|b_.*|team` => -z="1"
              #9 dropequal [b_upper] "MIXED" != a "mixed" => kept
            """);
  }

  @Test
  void changesDropsAndIndentation() {
    Relabeler r =
        rules(
            """
            - {source_labels: [a], regex: "(.*)-old", target_label: a}
            - {source_labels: [a], target_label: b, action: keepequal}
            """);
    assertThat(r.trace(Labels.of("a", "v-old", "b", "w")).format("  "))
        .isEqualTo(
            """
              trace:
                input {a="v-old", b="w"}
                #0 replace   [a] "v-old" =~ `(.*)-old` => ~a="v-old" -> "v"
                #1 keepequal [a] "v" != b "w" => dropped: values differ
            """);
  }

  @Test
  void regexesPrintAsRawStringsUnlessTheyCannot() {
    Relabeler r = rules("- {source_labels: [a], regex: \"a`b|c\\\\.d\", action: keep}");
    assertThat(r.trace(Labels.of("a", "z")).format(""))
        .contains("#0 keep      [a] \"z\" !~ \"a`b|c\\\\.d\" => dropped: regex did not match");
    Relabeler plain = rules("- {source_labels: [a], regex: 'c\\.d', action: drop}");
    assertThat(plain.trace(Labels.of("a", "z")).format("")).contains("!~ `c\\.d` => kept");
  }

  @Test
  void noRulesAndColour() {
    assertThat(rules("[]").trace(Labels.of("a", "1")).format(""))
        .isEqualTo("trace:\n  input {a=\"1\"}\n  (no rules)\n");
    String coloured =
        rules("- {source_labels: [a], regex: x, action: keep}")
            .trace(Labels.of("a", "1"))
            .format("", true);
    assertThat(coloured).contains("\u001b[31m\u001b[1mdropped: regex did not match\u001b[0m");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", ""))
        .isEqualTo(
            rules("- {source_labels: [a], regex: x, action: keep}")
                .trace(Labels.of("a", "1"))
                .format(""));
  }
}
