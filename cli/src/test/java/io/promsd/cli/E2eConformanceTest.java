package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the end-to-end corpus in {@code testdata/e2e}: whole configs recorded from promtool 2.42
 * ({@code promtool-2.42/}) and written from the 3.x source ({@code prometheus-3/}), through {@code
 * promsd check service-discovery} and {@code promsd check config} run in-process.
 *
 * <p>Target output is compared as promtool's output should be: the multiset of entries (promtool
 * prints group sources in random map order). For 2.42 each entry must be byte-identical to
 * promtool's, discovered labels included, which promtool 2.42 prints corrupted by its relabeling
 * (see {@link Promtool242}) and promsd reproduces; for 3.x the labels and discovered labels count.
 * The number of entries must match, so promtool's de-duplication is checked as well.
 */
class E2eConformanceTest {
  @TempDir Path tmp;

  static Path testdata() {
    return TestData.root();
  }

  /** Marks a file that is not text: bytes in base64, or a symbolic link. */
  private static final String SPECIAL = "\u0000";

  record Case(
      String file,
      String name,
      Compat compat,
      Map<String, String> files,
      String job,
      String expected,
      Integer exit,
      String error,
      String output) {}

  static List<Case> load(Path f) {
    try {
      Node root = Documents.parseYaml(Files.readString(f, StandardCharsets.UTF_8), f.toString());
      Map<String, Node> top = map(root);
      Compat compat = Compat.parse(top.get("compat").text());
      List<Case> out = new ArrayList<>();
      for (Node c : top.get("cases").items()) {
        Map<String, Node> m = map(c);
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<Node, Node> e : m.get("files").entries()) {
          Node v = e.getValue();
          if (v.kind() == Node.Kind.MAPPING) {
            // {base64: bytes} or {symlink: target}: kept as "base64:..." / "symlink:..."
            Map.Entry<Node, Node> kv = v.entries().get(0);
            files.put(e.getKey().text(), SPECIAL + kv.getKey().text() + ":" + kv.getValue().text());
          } else {
            files.put(e.getKey().text(), v.text());
          }
        }
        Map<String, Node> cc = m.containsKey("check_config") ? map(m.get("check_config")) : null;
        // A case must expect something: discovery output for a job, or check config's answer.
        if (m.containsKey("job") != m.containsKey("expected")
            || (!m.containsKey("job") && cc == null)) {
          throw new IllegalArgumentException(
              f + ": case " + m.get("name").text() + ": needs job and expected, or check_config");
        }
        out.add(
            new Case(
                f.getFileName().toString(),
                m.get("name").text(),
                compat,
                files,
                m.containsKey("job") ? m.get("job").text() : null,
                m.containsKey("expected") ? m.get("expected").text() : null,
                cc == null ? null : Integer.parseInt(cc.get("exit").text()),
                cc == null || !cc.containsKey("error") ? null : cc.get("error").text(),
                cc == null || !cc.containsKey("output") ? null : cc.get("output").text()));
      }
      return out;
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static Map<String, Node> map(Node n) {
    Map<String, Node> m = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      m.put(e.getKey().text(), e.getValue());
    }
    return m;
  }

  static Stream<Path> files(String folder) throws IOException {
    Path dir = testdata().resolve("e2e").resolve(folder);
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) { // fails when the folder is missing
      found = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    if (found.isEmpty()) {
      throw new IllegalStateException("no case files in " + dir);
    }
    return found.stream();
  }

  @TestFactory
  Stream<DynamicTest> promtool242() throws IOException {
    return files("promtool-2.42").flatMap(f -> load(f).stream()).map(this::dynamic);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() throws IOException {
    return files("prometheus-3").flatMap(f -> load(f).stream()).map(this::dynamic);
  }

  @Test
  void corpusIsThere() throws IOException {
    long n = files("promtool-2.42").mapToLong(f -> load(f).size()).sum();
    assertThat(n).isGreaterThanOrEqualTo(300);
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

  private void run(Case c) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "case");
    for (Map.Entry<String, String> e : c.files().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      if (e.getKey().endsWith("/")) {
        Files.createDirectories(p);
        continue;
      }
      String v = e.getValue();
      if (v.startsWith(SPECIAL + "base64:")) {
        Files.write(p, Base64.getDecoder().decode(v.substring(SPECIAL.length() + 7)));
      } else if (v.startsWith(SPECIAL + "symlink:")) {
        Files.createSymbolicLink(p, Path.of(v.substring(SPECIAL.length() + 8)));
      } else {
        Files.writeString(p, v.replace("<case-dir>", dir.toString()));
      }
    }
    // promtool ran in the case folder on "prometheus.yml"; promsd does the same through
    // --working-directory, so paths (__meta_filepath, messages) come out identical.
    String cfg = "prometheus.yml";
    String wd = "--working-directory=" + dir;
    String compat = "--compat=" + c.compat().major();
    if (c.job() != null && c.expected() != null) {
      Out o = promsd(dir, "check", "service-discovery", compat, wd, cfg, c.job());
      assertThat(o.code).as("exit code; stderr: %s", o.err).isZero();
      List<String> got = entries(o.out, c.compat());
      List<String> want = entries(c.expected(), c.compat());
      assertThat(got).as("targets (as multisets)").containsExactlyInAnyOrderElementsOf(want);
      if (c.compat() == Compat.PROMETHEUS_2) {
        assertThat(entryTexts(o.out))
            .as("entries byte for byte (as multisets)")
            .containsExactlyInAnyOrderElementsOf(entryTexts(c.expected()));
      }
    }
    if (c.exit() != null) {
      Out o = promsd(dir, "check", "config", compat, wd, cfg);
      assertThat(o.code).as("exit code; out: %s err: %s", o.out, o.err).isEqualTo(c.exit());
      String all = (o.out + o.err).replace(dir.toString(), "<case-dir>");
      if (c.error() != null) {
        // the whole error, up to the end of its line (promsd may add its location below)
        assertThat(all + "\n").as("error").contains(expectedText(c.error()) + "\n");
      } else if (c.output() != null) {
        for (String line : c.output().lines().toList()) {
          if (line.contains("WARNING")) {
            assertThat(all).as("warning").contains(line.trim());
          }
        }
      }
    }
  }

  /** The promtool error as promsd prints it (promtool's "FAILED: " prefix dropped). */
  private static String expectedText(String error) {
    return error.startsWith("FAILED: ") ? error.substring("FAILED: ".length()) : error;
  }

  record Out(int code, String out, String err) {}

  private static Out promsd(Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Out(code, out.toString(), err.toString());
  }

  /**
   * The text of each entry of a JSON array printed as Go's {@code json.MarshalIndent(v, "", " ")}
   * prints it (entries are the two-space-indented objects), sorted.
   */
  static List<String> entryTexts(String json) {
    List<String> out = new ArrayList<>();
    if (!json.equals("[]")) {
      assertThat(json).as("array shape").startsWith("[\n  {").endsWith("}\n]");
      String body = json.substring(2, json.length() - 2);
      for (String e : body.split("(?<=\n  \\}),\n(?=  \\{)")) {
        out.add(e);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Each entry of promtool's JSON array, canonically printed: labels (and for 3.x, discovered). */
  static List<String> entries(String json, Compat compat) {
    Node root = Documents.parseJson(json, "output");
    List<String> out = new ArrayList<>();
    for (Node e : root.items()) {
      Map<String, Node> m = map(e);
      StringBuilder sb = new StringBuilder();
      if (compat == Compat.PROMETHEUS_3) {
        sb.append("discovered=").append(canon(m.get("discoveredLabels"))).append(' ');
      }
      sb.append("labels=").append(canon(m.get("labels")));
      if (m.containsKey("error")) {
        sb.append(" error");
      }
      out.add(sb.toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static String canon(Node labels) {
    Map<String, String> m = new TreeMap<>();
    if (labels != null) {
      for (Map.Entry<Node, Node> e : labels.entries()) {
        m.put(e.getKey().text(), e.getValue().text());
      }
    }
    return m.toString();
  }
}
