package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Paths, parsing and comparison helpers for the fixtures in {@code testdata/docker}. */
final class DockerFixtures {
  private DockerFixtures() {}

  static Path testdata() {
    String p = System.getProperty("promsd.testdata");
    Path dir = p != null ? Path.of(p) : Path.of("..", "testdata");
    return dir.toAbsolutePath().normalize();
  }

  static Path docker() {
    return testdata().resolve("docker");
  }

  static Path payloads() {
    return docker().resolve("payloads");
  }

  static Node yaml(Path file) {
    try {
      return Documents.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mapping node's entries by key text (empty for anything else). */
  static Map<String, Node> map(Node n) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (n == null || n.kind() != Node.Kind.MAPPING) {
      return out;
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      out.put(e.getKey().text(), e.getValue());
    }
    return out;
  }

  static String text(Map<String, Node> m, String key, String dflt) {
    Node n = m.get(key);
    return n == null || n.isNull() ? dflt : n.text();
  }

  /** The prometheus.yml record.py writes around an SD config list. */
  static String prometheusYml(String mechanism, String sdConfigs) {
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

  /** Loads a whole prometheus.yml through the real loader and returns its job's SD configs. */
  static List<SdConfig> load(String prometheusYml, Compat compat) {
    PrometheusConfig cfg =
        ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat, Path.of("."));
    return cfg.scrapeConfigs().get(0).sdConfigs();
  }

  /** One SD config of one mechanism from a config snippet ({@code host: ...}). */
  static SdConfig one(String mechanism, String config, Compat compat) {
    StringBuilder sd = new StringBuilder();
    String[] lines = config.strip().split("\n");
    sd.append("- ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      sd.append("  ").append(lines[i]).append('\n');
    }
    List<SdConfig> all = load(prometheusYml(mechanism, sd.toString()), compat);
    if (all.size() != 1) {
      throw new AssertionError("expected one SD config, got " + all);
    }
    return all.get(0);
  }

  /**
   * What promtool's {@code check service-discovery} prints for these groups, as discovered-label
   * maps: every target with its group's labels, each distinct result once (cmd/promtool/sd.go),
   * sorted so that Go's random network order does not matter.
   */
  static List<Map<String, String>> promtoolView(List<TargetGroup> groups) {
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
    out.sort(DockerFixtures::compareMaps);
    return out;
  }

  static int compareMaps(Map<String, String> a, Map<String, String> b) {
    return a.toString().compareTo(b.toString());
  }
}
