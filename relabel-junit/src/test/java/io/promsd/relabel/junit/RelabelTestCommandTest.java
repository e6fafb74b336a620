package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelabelTestCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(Object... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> a = new ArrayList<>();
    for (Object o : args) {
      a.add(o.toString());
    }
    int exit =
        RelabelTestCommand.run(
            a.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void allPassingIsExit0() {
    Run r = run(Examples.passing().toArray());
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.PASSED).isZero();
    assertThat(r.out()).endsWith("\n31 passed, 0 failed\n").doesNotContain("FAIL");
    assertThat(r.out().lines().filter(l -> l.startsWith("PASS ")).count()).isEqualTo(31);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void onlyPassingTestsSelectedIsExit0() {
    Path sharded = Examples.passing().get(3);
    Run r = run(Examples.failing(), sharded, "--run", "production|shard 0");
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
  void theFailingExampleIsExit1AndItsWholeReport() {
    Run r = run("--color", "never", Examples.failing());
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.FAILED).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(Examples.failingReport(Examples.failing().toString()) + "1 passed, 4 failed\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void anInvalidFileIsExit2EvenWithFailures() throws Exception {
    Path bad = dir.resolve("bad.test.yml");
    Files.writeString(
        bad,
        "relabel_configs: []\ntests:\n  - {name: a, input: {}, dropped: true}\n  - {name: a, input: {}, dropped: true}\n");
    Run r = run(bad, Examples.failing(), "--run=^production");
    assertThat(r.exit()).isEqualTo(RelabelTestCommand.INVALID).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo(
            """
            ERROR %s:4: test "a": name already used by the test at line 3
            PASS %s: production nodes are kept
            1 passed, 0 failed, 1 invalid file
            """
                .formatted(bad, Examples.failing()));
  }

  @Test
  void junitReportIsWritten() throws Exception {
    Path xml = dir.resolve("out/junit.xml");
    Files.createDirectories(xml.getParent());
    Run r = run("--junit", xml, Examples.failing());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Files.readString(xml))
        .contains(
            "<testsuites name=\"promsd test relabel\" tests=\"5\" failures=\"4\" errors=\"0\"")
        .contains("<failure message=\"expected the target to be dropped, but it was kept\"");
    Run unwritable = run("--junit=" + dir.resolve("no/such/dir/junit.xml"), Examples.failing());
    assertThat(unwritable.exit()).isEqualTo(2);
    assertThat(unwritable.err())
        .isEqualTo(
            "cannot write the JUnit report: open "
                + dir.resolve("no/such/dir/junit.xml")
                + ": no such file or directory\n");
  }

  @Test
  void runSelectsByUnanchoredRe2Regex() {
    Run r = run("--run", "shard [01]$", Examples.passing().get(3));
    assertThat(r.out().lines().filter(l -> l.startsWith("PASS")))
        .extracting(l -> l.substring(l.lastIndexOf(": ") + 2))
        .containsExactly(
            "10.0.1.1:9100 is in shard 1",
            "10.0.1.6:9100 is in shard 0",
            "node-d.example.com:9100 is in shard 1");
    Run none = run("--run", "nothing like this", Examples.failing());
    assertThat(none.exit()).isZero();
    assertThat(none.out()).isEqualTo("0 passed, 0 failed\n");
    assertThat(none.err()).isEqualTo("warning: no tests match --run \"nothing like this\"\n");
  }

  @Test
  void colourWhenAskedOnly() {
    assertThat(run("--color=always", Examples.failing()).out())
        .startsWith("\u001b[32mPASS\u001b[0m ");
    // auto: the output is not a terminal here
    assertThat(run("--color", "auto", Examples.failing()).out()).doesNotContain("\u001b");
  }

  @Test
  void usageErrorsAreExit2() {
    Run none = run();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("promsd test relabel: no test files given\n" + RelabelTestCommand.USAGE);
    assertThat(run("--colour", "x.yml").err())
        .startsWith("promsd test relabel: unknown option --colour\n");
    assertThat(run("--color", "sometimes", "x.yml").err())
        .startsWith(
            "promsd test relabel: --color must be auto, always or never, got \"sometimes\"\n");
    assertThat(run("x.yml", "--junit").err())
        .startsWith("promsd test relabel: --junit needs a value\n");
    Run badRegex = run("--run", "(", "x.yml");
    assertThat(badRegex.exit()).isEqualTo(2);
    assertThat(badRegex.err())
        .startsWith(
            "promsd test relabel: invalid --run regex: error parsing regexp: missing closing ): `(`\n");
    assertThat(badRegex.out()).isEmpty();
  }

  @Test
  void helpIsExit0() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(RelabelTestCommand.USAGE);
  }

  @Test
  void filesAfterDoubleDashMayStartWithADash() throws Exception {
    Path odd = dir.resolve("-odd.test.yml");
    Files.writeString(
        odd, "relabel_configs: []\ntests: [{name: t, input: {a: b}, output: {a: b}}]\n");
    Run r = run("--", odd);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("PASS " + odd + ": t\n1 passed, 0 failed\n");
  }
}
