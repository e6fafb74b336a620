package io.promsd.relabel.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.junit.internal.RelabelTestCommand.Color;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelabelTestCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(List<Path> files, Path junit, String select, Color color) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        RelabelTestCommand.execute(
            new RelabelTestCommand.Options(files, junit, select, color),
            new PrintWriter(out),
            new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(Path... files) {
    return run(List.of(files), null, null, Color.AUTO);
  }

  static Run select(String regex, Path... files) {
    return run(List.of(files), null, regex, Color.NEVER);
  }

  @Test
  void allPassingIsExit0() {
    Run r = run(Examples.passing().toArray(Path[]::new));
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.PASSED).isZero();
    assertThat(r.out()).endsWith("\n31 passed, 0 failed\n").doesNotContain("FAIL");
    assertThat(r.out().lines().filter(l -> l.startsWith("PASS ")).count()).isEqualTo(31);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void theFailingExampleIsExit1AndItsWholeReport() {
    Run r = run(Examples.failing());
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.FAILED).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(Examples.failingReport(Examples.failing().toString()) + "1 passed, 4 failed\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void onlyPassingTestsSelectedIsExit0() {
    Path sharded = Examples.passing().get(3);
    Run r = select("production|shard 0", Examples.failing(), sharded);
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            PASS %s: production nodes are kept
            PASS %s: 10.0.1.6:9100 is in shard 0
            2 passed, 0 failed
            """
                .formatted(Examples.failing(), sharded));
  }

  @Test
  void anInvalidFileIsExit2EvenWithFailures() throws Exception {
    Path bad = dir.resolve("bad.test.yml");
    Files.writeString(
        bad,
        """
        relabel_configs: []
        tests:
          - {name: a, input: {}, dropped: true}
          - {name: a, input: {}, dropped: true}
        """);
    Run r = run(bad, Examples.failing());
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.INVALID).isEqualTo(2);
    assertThat(r.out())
        .startsWith(
            "ERROR " + bad + ":4: test \"a\": name already used by the test at line 3\nPASS ")
        .endsWith("\n1 passed, 4 failed, 1 invalid file\n");
  }

  @Test
  void junitReportIsWritten() throws Exception {
    Path xml = dir.resolve("junit.xml");
    Run r = run(List.of(Examples.failing()), xml, null, Color.NEVER);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Files.readString(xml))
        .contains(
            "<testsuites name=\"promsd test relabel\" tests=\"5\" failures=\"4\" errors=\"0\"")
        .contains("<failure message=\"expected the target to be dropped, but it was kept\"");
    Path nowhere = dir.resolve("no/such/dir/junit.xml");
    Run unwritable = run(List.of(Examples.passing().get(0)), nowhere, null, Color.NEVER);
    assertThat(unwritable.exit()).isEqualTo(2);
    assertThat(unwritable.err())
        .isEqualTo(
            "cannot write the JUnit report: open " + nowhere + ": no such file or directory\n");
  }

  @Test
  void runSelectsByUnanchoredRe2Regex() {
    Run r = select("shard [01]$", Examples.passing().get(3));
    assertThat(r.out().lines().filter(l -> l.startsWith("PASS")))
        .extracting(l -> l.substring(l.lastIndexOf(": ") + 2))
        .containsExactly(
            "10.0.1.1:9100 is in shard 1",
            "10.0.1.6:9100 is in shard 0",
            "node-d.example.com:9100 is in shard 1");
    Run none = select("nothing like this", Examples.failing());
    assertThat(none.exit()).isZero();
    assertThat(none.out()).isEqualTo("0 passed, 0 failed\n");
    assertThat(none.err()).isEqualTo("warning: no tests match --run \"nothing like this\"\n");
    Run bad = select("(", Examples.failing());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err())
        .isEqualTo("invalid --run regex: error parsing regexp: missing closing ): `(`\n");
  }

  @Test
  void colourWhenAskedOnly() {
    assertThat(run(List.of(Examples.failing()), null, null, Color.ALWAYS).out())
        .startsWith("\u001b[32mPASS\u001b[0m ");
    // auto: no terminal here
    assertThat(run(List.of(Examples.failing()), null, null, Color.AUTO).out())
        .doesNotContain("\u001b");
  }
}
