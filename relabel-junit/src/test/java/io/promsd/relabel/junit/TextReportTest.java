package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
  static final TextReport PLAIN = TextReport.of(false);

  @Test
  void aPassingSuiteIsOneLinePerTestAndTheSummary() {
    Path f = Examples.passing().get(0);
    List<RelabelSuiteResult> r = List.of(RelabelTestRunner.run(f, n -> true));
    assertThat(PLAIN.render(r))
        .isEqualTo(
            """
            PASS %1$s: a URL is probed through the exporter
            PASS %1$s: a module label overrides the job's module and is removed
            PASS %1$s: ports, paths and queries stay in the probed URL
            PASS %1$s: an empty module label keeps the job's module
            PASS %1$s: targets in maintenance are not probed
            PASS %1$s: other probe values are probed, and the label goes
            6 passed, 0 failed
            """
                .formatted(f));
  }

  @Test
  void aFailingSuiteShowsDiffAndTraceForEachFailure() {
    Path f = Examples.failing();
    List<RelabelSuiteResult> r = List.of(RelabelTestRunner.run(f, n -> true));
    assertThat(PLAIN.render(r))
        .isEqualTo(Examples.failingReport(f.toString()) + "1 passed, 4 failed\n");
  }

  @Test
  void everyKindOfStepIsExplained() {
    RelabelTestFile file =
        RelabelTestFile.parse(
            """
            relabel_configs:
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
            tests:
              - {name: all, input: {a: mixed, z: "1"}, dropped: true}
            """,
            Path.of("steps.yml"));
    RelabelTestResult r = file.run(file.tests().get(0));
    // hashmod: md5("mixed") = 1d770934d44de09b 0d24f04fd01708ba; 0x0d24f04fd01708ba % 8 = 2
    assertThat(TextReport.trace(r.trace(), ""))
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
    assertThat(r.failure()).isEqualTo("expected the target to be dropped, but it was kept");
  }

  @Test
  void changedLabelsAndDropReasonsInTheTrace() {
    RelabelTestFile file =
        RelabelTestFile.parse(
            """
            relabel_configs:
              - {source_labels: [a], regex: "(.*)-old", target_label: a}
              - {source_labels: [a], target_label: b, action: keepequal}
            tests:
              - {name: t, input: {a: v-old, b: w}, output: {a: v}}
            """,
            Path.of("t.yml"));
    RelabelTestResult r = file.run(file.tests().get(0));
    assertThat(TextReport.explain(r, ""))
        .isEqualTo(
            """
            expected the target to be kept, but rule #1 (keepequal) dropped it
            expected: {a="v"}
            actual:   dropped by rule #1 (keepequal)
            trace:
              input {a="v-old", b="w"}
              #0 replace   [a] "v-old" =~ `(.*)-old` => ~a="v-old" -> "v"
              #1 keepequal [a] "v" != b "w" => dropped: values differ
            """);
  }

  @Test
  void expectationsRead() {
    assertThat(
            TextReport.expected(
                new RelabelTestCase.AtLeast(io.promsd.relabel.Labels.empty(), List.of())))
        .isEqualTo("kept");
    assertThat(
            TextReport.expected(
                new RelabelTestCase.AtLeast(
                    io.promsd.relabel.Labels.of("a", "1"), List.of("b", "c"))))
        .isEqualTo("at least {a=\"1\"}, without b, c");
    assertThat(TextReport.pattern("a`b")).isEqualTo("\"a`b\"");
    assertThat(TextReport.pattern("a\\.b")).isEqualTo("`a\\.b`");
  }

  @Test
  void colourOnlyWhenAsked() {
    Path f = Examples.failing();
    List<RelabelSuiteResult> r = List.of(RelabelTestRunner.run(f, n -> true));
    String coloured = TextReport.of(true).render(r);
    assertThat(coloured)
        .startsWith("\u001b[32mPASS\u001b[0m " + f + ": production nodes are kept\n")
        .contains("\u001b[31m\u001b[1mFAIL\u001b[0m " + f + ": test machines are dropped\n")
        .contains("    \u001b[32madded:   dc=\"fra1\"\u001b[0m\n")
        .contains("\u001b[31m\u001b[1mdropped: regex did not match\u001b[0m")
        .endsWith("1 passed, \u001b[31m\u001b[1m4 failed\u001b[0m\n");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(PLAIN.render(r));
    assertThat(PLAIN.render(r)).doesNotContain("\u001b");
  }

  @Test
  void anInvalidFileIsAnErrorLineAndCountedInTheSummary() {
    Path missing = Path.of("missing.test.yml");
    List<RelabelSuiteResult> r =
        List.of(
            RelabelTestRunner.run(missing, n -> true),
            RelabelTestRunner.run(Examples.passing().get(3), n -> n.endsWith("shard 0")));
    assertThat(PLAIN.render(r))
        .isEqualTo(
            """
            ERROR open missing.test.yml: no such file or directory
            PASS %s: 10.0.1.6:9100 is in shard 0
            1 passed, 0 failed, 1 invalid file
            """
                .formatted(Examples.passing().get(3)));
  }
}
