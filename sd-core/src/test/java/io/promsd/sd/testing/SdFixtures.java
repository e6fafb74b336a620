package io.promsd.sd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Reading the recorded SD fixtures ({@code testdata/<mechanism>/...}): their YAML, the
 * prometheus.yml the recorders write around an SD config list, and promtool's view of discovered
 * groups.
 */
public final class SdFixtures {
  private SdFixtures() {}

  /** A YAML file through the project's own YAML reader. */
  public static Node yaml(Path file) {
    try {
      return Documents.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mapping node's entries by key text, in order; empty for null or any other node. */
  public static Map<String, Node> map(Node n) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (n == null || n.kind() != Node.Kind.MAPPING) {
      return out;
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      out.put(e.getKey().text(), e.getValue());
    }
    return out;
  }

  /** The text of {@code key}, or {@code dflt} when it is absent or null. */
  public static String text(Map<String, Node> m, String key, String dflt) {
    Node n = m.get(key);
    return n == null || n.isNull() ? dflt : n.text();
  }

  /**
   * The prometheus.yml the recorders write around a {@code <mechanism>_sd_configs} list: one job
   * named {@code mechanism}, the list's non-empty lines indented under it.
   */
  public static String prometheusYml(String mechanism, String sdConfigs) {
    StringBuilder sb =
        new StringBuilder("scrape_configs:\n  - job_name: ")
            .append(mechanism)
            .append("\n    ")
            .append(mechanism)
            .append("_sd_configs:\n");
    for (String line : sdConfigs.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append("      ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** A one-entry SD config list from a block snippet ({@code host: ...} lines). */
  public static String oneItemList(String config) {
    StringBuilder sd = new StringBuilder();
    String[] lines = config.strip().split("\n");
    sd.append("- ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      sd.append("  ").append(lines[i]).append('\n');
    }
    return sd.toString();
  }

  /** Loads a whole prometheus.yml with the real loader; the SD configs of its first job. */
  public static List<SdConfig> sdConfigs(String prometheusYml, Compat compat) {
    return ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat)
        .scrapeConfigs()
        .get(0)
        .sdConfigs();
  }

  /**
   * The case named {@code name} of {@code testdata/<dir>/<file>}, by key; fails when it is absent.
   */
  public static Map<String, Node> recordedCase(String dir, String file, String name) {
    for (Node c : map(yaml(TestData.resolve(dir, file))).get("cases").items()) {
      Map<String, Node> m = map(c);
      if (m.get("name").text().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no case " + name + " in " + dir + "/" + file);
  }

  /**
   * promtool's {@code err} in its "Unable to refresh target groups" line of a recorded {@code log}
   * (go-kit logfmt: a quoted value unescaped, a bare one as it stands); null when no line has it.
   */
  public static String refreshError(Node log) {
    List<String> lines = new ArrayList<>();
    if (log != null && !log.isNull()) {
      log.items().forEach(n -> lines.add(n.text()));
    }
    return refreshError(lines);
  }

  /** As {@link #refreshError(Node)}, from the log's lines. */
  public static String refreshError(List<String> logLines) {
    String marker = "msg=\"Unable to refresh target groups\" err=";
    for (String s : logLines) {
      int at = s.indexOf(marker);
      if (at < 0) {
        continue;
      }
      String v = s.substring(at + marker.length());
      if (!v.startsWith("\"")) {
        return v;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char ch = v.charAt(i);
        if (ch == '\\' && i + 1 < v.length() - 1) {
          char n = v.charAt(++i);
          sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
        } else {
          sb.append(ch);
        }
      }
      return sb.toString();
    }
    return null;
  }

  /**
   * The config cases of {@code testdata/<dir>/<file>} (a recorded {@code promtool check config}
   * corpus, or 3.x cases written from the source) as dynamic tests named {@code <file>:<case>}:
   * each case's {@code sd_configs}, in the prometheus.yml of its {@code mechanism} (else of {@code
   * dir}), must load through {@code load} to a non-empty list where promtool exited 0, and
   * otherwise fail with a {@link ConfigException} whose message is promtool's error. A 3.x case
   * must name its source.
   */
  public static Stream<DynamicTest> configCases(
      String dir, String file, Compat compat, BiFunction<String, Compat, List<?>> load) {
    return map(yaml(TestData.resolve(dir, file))).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = map(c);
              String name = f.get("name").text();
              String yml = prometheusYml(text(f, "mechanism", dir), f.get("sd_configs").text());
              int exit = Integer.parseInt(f.get("exit").text());
              String error = text(f, "error", null);
              if (compat == Compat.PROMETHEUS_3) {
                assertThat(f.get("source")).as("source of %s", name).isNotNull();
              }
              return DynamicTest.dynamicTest(
                  file + ":" + name,
                  () -> {
                    if (exit == 0) {
                      assertThat(load.apply(yml, compat)).isNotEmpty();
                    } else {
                      assertThatThrownBy(() -> load.apply(yml, compat))
                          .isInstanceOfSatisfying(
                              ConfigException.class,
                              ce -> assertThat(ce.reason()).isEqualTo(error));
                    }
                  });
            });
  }

  /**
   * What promtool's {@code check service-discovery} prints for these groups, as discovered-label
   * maps: every target with its group's labels, each distinct result once (cmd/promtool/sd.go),
   * sorted so that an unordered source does not matter.
   */
  public static List<Map<String, String>> promtoolView(List<TargetGroup> groups) {
    List<Map<String, String>> out = new ArrayList<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        Map<String, String> m = new TreeMap<>(g.labels().asMap());
        m.putAll(t.asMap());
        if (!out.contains(m)) {
          out.add(m);
        }
      }
    }
    out.sort(Comparator.comparing(Map::toString));
    return out;
  }
}
