package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays {@code testdata/checkconfig}: the {@code check config} long tail (server sections,
 * discoveries 2.42 does not know, discoveries promsd checks but does not run, warnings), recorded
 * from promtool 2.42 by {@code testdata/checkconfig/gen/record.py} and written from the 3.x source
 * ({@code prometheus-3/}, each case citing it), through {@code promsd check config} in-process.
 *
 * <p>A rejection matches when the exit code is promtool's and promtool's whole error (every line)
 * is in promsd's output, which may add where it found the problem below it; an acceptance when the
 * exit code is promtool's and every promtool warning line is printed.
 */
class CheckConfigConformanceTest {
  @TempDir Path tmp;

  private static Stream<Path> files(String folder) throws IOException {
    Path dir = E2eConformanceTest.testdata().resolve("checkconfig").resolve(folder);
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @TestFactory
  Stream<DynamicTest> promtool242() throws IOException {
    return files("promtool-2.42").flatMap(f -> E2eConformanceTest.load(f).stream()).map(this::test);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() throws IOException {
    return files("prometheus-3").flatMap(f -> E2eConformanceTest.load(f).stream()).map(this::test);
  }

  @Test
  void corpusIsThere() throws IOException {
    long n = files("promtool-2.42").mapToLong(f -> E2eConformanceTest.load(f).size()).sum();
    assertThat(n).isGreaterThanOrEqualTo(100);
  }

  private DynamicTest test(E2eConformanceTest.Case c) {
    return DynamicTest.dynamicTest(c.file() + ":" + c.name(), () -> run(c));
  }

  private void run(E2eConformanceTest.Case c) throws IOException {
    assertThat(c.exit()).as("a check_config case").isNotNull();
    Path dir = Files.createTempDirectory(tmp, "case");
    for (Map.Entry<String, String> e : c.files().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "check",
              "config",
              "--compat=" + c.compat().major(),
              "--working-directory=" + dir,
              "prometheus.yml"
            },
            new PrintWriter(out),
            new PrintWriter(err));
    String all = out + "\n" + err;
    assertThat(code).as("exit code; output: %s", all).isEqualTo(c.exit());
    if (c.error() != null) {
      String want = "parsing YAML file prometheus.yml: " + c.error();
      if (c.error().startsWith("FAILED: ")) {
        want = c.error().substring("FAILED: ".length());
      }
      assertThat(all + "\n").as("error").contains(want + "\n");
    }
    if (c.output() != null) {
      List<String> warnings = c.output().lines().filter(l -> l.contains("WARNING")).toList();
      for (String w : warnings) {
        assertThat(all).as("warning").contains(w);
      }
      assertThat(all.lines().filter(l -> l.contains("WARNING")).count())
          .as("warnings: %s", all)
          .isEqualTo(warnings.size());
    }
  }
}
