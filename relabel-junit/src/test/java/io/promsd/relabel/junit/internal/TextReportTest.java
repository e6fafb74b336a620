package io.promsd.relabel.junit.internal;

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
