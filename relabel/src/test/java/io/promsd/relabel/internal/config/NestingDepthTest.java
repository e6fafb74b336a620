package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deep nesting is an error in Go's words, never a {@link StackOverflowError} (issue 17, item 2),
 * whatever the caller's stack. Go's limits: yaml.v2's scanner allows 10,000 open block and 10,000
 * open flow collections ({@code scannerc.go}: {@code max_indents}, {@code max_flow_level}),
 * encoding/json 10,000 open arrays or objects ({@code scanner.go}: {@code maxNestingDepth}). The
 * texts are promtool 2.42's for the same shapes, recorded in {@code
 * testdata/e2e/promtool-2.42/reliability.yaml} ({@code yaml-depth/*}, {@code json-depth/*}).
 */
class NestingDepthTest {
  private static String flow(int n) {
    return "[".repeat(n) + "]".repeat(n);
  }

  /** {@code n} block sequences inside each other on one line: {@code - - - a}. */
  private static String block(int n) {
    return "- ".repeat(n) + "a\n";
  }

  @Test
  void yamlFlowBeyondTheLimitIsGoError() {
    String text = "a:\n  b:\n    x: " + flow(10_001) + "\n";
    assertThatThrownBy(() -> Documents.parseYaml(text, "p.yml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce -> assertThat(ce.reason()).isEqualTo("yaml: line 3: exceeded max depth of 10000"));
  }

  @Test
  void yamlFlowOnTheFirstLineHasNoLine() {
    assertThatThrownBy(() -> Documents.parseYaml("x: " + flow(10_001) + "\n", "p.yml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce -> assertThat(ce.reason()).isEqualTo("yaml: exceeded max depth of 10000"));
  }

  @Test
  void yamlBlockBeyondTheLimitNamesTheLine() {
    // "a:" opens the first block collection, the 10,000th "-" the 10,001st
    assertThatThrownBy(() -> Documents.parseYaml("a:\n  " + block(10_000), "p.yml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce -> assertThat(ce.reason()).isEqualTo("yaml: line 2: exceeded max depth of 10000"));
  }

  @Test
  void yamlAtTheLimitParses() {
    Node n = Documents.parseYaml("x: " + flow(10_000) + "\n", "p.yml");
    assertThat(n.kind()).isEqualTo(Node.Kind.MAPPING);
    Node b = Documents.parseYaml("a:\n  " + block(9_999), "p.yml");
    assertThat(b.kind()).isEqualTo(Node.Kind.MAPPING);
  }

  @Test
  void jsonBeyondTheLimitIsGoError() {
    assertThatThrownBy(() -> Documents.parseJson(flow(10_001), "t.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce -> assertThat(ce.reason()).isEqualTo("invalid character '[' exceeded max depth"));
    String objects = "{\"a\":".repeat(10_001) + "1" + "}".repeat(10_001);
    assertThatThrownBy(() -> Documents.parseJson(objects, "t.json"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce -> assertThat(ce.reason()).isEqualTo("invalid character '{' exceeded max depth"));
  }

  @Test
  void jsonAtTheLimitParses() {
    assertThat(Documents.parseJson(flow(10_000), "t.json").kind()).isEqualTo(Node.Kind.SEQUENCE);
  }

  @ParameterizedTest(name = "stack {0} KiB")
  @ValueSource(ints = {256, 1024})
  void answerDoesNotDependOnTheCallersStack(int kib) throws Exception {
    String[] got = new String[2];
    Thread t =
        new Thread(
            null,
            () -> {
              got[0] = message(() -> Documents.parseYaml("x: " + flow(10_001), "p.yml"));
              got[1] = message(() -> Documents.parseJson(flow(10_001), "t.json"));
            },
            "small-stack",
            kib * 1024L);
    t.start();
    t.join(60_000);
    assertThat(got)
        .containsExactly(
            "yaml: exceeded max depth of 10000", "invalid character '[' exceeded max depth");
  }

  private static String message(Runnable r) {
    try {
      r.run();
      return "no error";
    } catch (ConfigException e) {
      return e.reason();
    }
  }
}
