package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the relabel conformance corpus in {@code testdata/relabel}: cases recorded from promtool
 * 2.42 ({@code promtool-2.42/}) and cases written from the Prometheus 3.x source ({@code
 * prometheus-3/}). Each case goes through the real parser, validation and engine, once with the
 * fast paths and once without them. The format is described in {@code testdata/README.md}.
 */
class RelabelConformanceTest {

  static Path testdata() {
    return TestData.root();
  }

  record Case(
      String file,
      String name,
      Compat compat,
      NameValidation scheme,
      String rules,
      Map<String, String> input,
      Map<String, String> output,
      boolean dropped,
      String error,
      int errorLine) {}

  static List<Case> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
    Node root = Documents.parseYaml(text, file.toString());
    Map<String, Node> top = map(root);
    Compat compat = Compat.parse(top.get("compat").text());
    List<Case> out = new ArrayList<>();
    for (Node c : top.get("cases").items()) {
      Map<String, Node> f = map(c);
      String scheme = f.containsKey("scheme") ? f.get("scheme").text() : null;
      out.add(
          new Case(
              file.getFileName().toString(),
              f.get("name").text(),
              compat,
              scheme == null ? compat.defaultNameValidation() : NameValidation.parse(scheme),
              f.get("rules").text(),
              strings(f.get("input")),
              f.containsKey("output") ? strings(f.get("output")) : null,
              f.containsKey("dropped") && f.get("dropped").text().equals("true"),
              f.containsKey("error") ? f.get("error").text() : null,
              f.containsKey("error_line") ? Integer.parseInt(f.get("error_line").text()) : 0));
    }
    return out;
  }

  static Map<String, Node> map(Node n) {
    Map<String, Node> m = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      m.put(e.getKey().text(), e.getValue());
    }
    return m;
  }

  static Map<String, String> strings(Node n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n == null) {
      return m;
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      m.put(e.getKey().text(), e.getValue().text());
    }
    return m;
  }

  static Stream<Path> caseFiles(String folder) throws IOException {
    Path dir = testdata().resolve("relabel").resolve(folder);
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @TestFactory
  Stream<DynamicTest> promtool242() throws IOException {
    return caseFiles("promtool-2.42").flatMap(f -> load(f).stream()).map(this::dynamic);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() throws IOException {
    return caseFiles("prometheus-3").flatMap(f -> load(f).stream()).map(this::dynamic);
  }

  @Test
  void corpusIsThere() throws IOException {
    long v2 = caseFiles("promtool-2.42").mapToLong(f -> load(f).size()).sum();
    long v3 = caseFiles("prometheus-3").mapToLong(f -> load(f).size()).sum();
    assertThat(v3).as("3.x cases").isGreaterThanOrEqualTo(60);
    assertThat(v2 + v3).isPositive();
  }

  private DynamicTest dynamic(Case c) {
    return DynamicTest.dynamicTest(
        c.file() + ":" + c.name(),
        () -> {
          try {
            run(c);
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(c.file() + ":" + c.name() + ": " + e.getMessage(), e);
          }
        });
  }

  static void run(Case c) {
    for (boolean fast : new boolean[] {true, false}) {
      if (c.error() != null) {
        assertThatThrownBy(() -> compile(c, fast))
            .as("rules are rejected")
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> checkError(c, (ConfigException) e));
        continue;
      }
      Relabeler r = compile(c, fast);
      RelabelResult res = r.process(Labels.of(c.input()));
      if (c.dropped()) {
        assertThat(res.dropped()).as("dropped (fast paths %s)", fast).isTrue();
      } else {
        if (res.dropped()) {
          fail("dropped by rule %d, expected %s", res.droppedBy(), c.output());
        }
        assertThat(res.labels().asMap())
            .as("output (fast paths %s)", fast)
            .containsExactlyInAnyOrderEntriesOf(Labels.of(c.output()).asMap());
      }
      // trace agrees with process
      RelabelTrace t = r.trace(Labels.of(c.input()));
      assertThat(t.result()).isEqualTo(res);
    }
  }

  static Relabeler compile(Case c, boolean fast) {
    List<RelabelConfig> rules = RelabelConfig.parseYaml(c.rules(), "rules", c.compat());
    return Relabeler.compile(rules, c.compat(), c.scheme(), fast);
  }

  static void checkError(Case c, ConfigException e) {
    if (c.errorLine() > 0) {
      String typeErrors = "yaml: unmarshal errors:\n  line " + c.errorLine() + ": " + c.error();
      if (e.reason().equals(typeErrors)) {
        return;
      }
      assertThat(e.reason()).isEqualTo(c.error());
      assertThat(e.line()).as("line").isEqualTo(c.errorLine());
      return;
    }
    assertThat(e.reason()).isEqualTo(c.error());
  }
}
