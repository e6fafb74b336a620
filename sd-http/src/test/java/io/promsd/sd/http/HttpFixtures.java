package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.spi.SdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Paths and parsing helpers for the fixtures in {@code testdata/http}. */
final class HttpFixtures {
  private HttpFixtures() {}

  static Path testdata() {
    String p = System.getProperty("promsd.testdata");
    Path dir = p != null ? Path.of(p) : Path.of("..", "testdata");
    return dir.toAbsolutePath().normalize();
  }

  static Path http() {
    return testdata().resolve("http");
  }

  static Node yaml(Path file) {
    try {
      return Documents.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mapping node's entries by key text. */
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

  /** The prometheus.yml the recorder writes around an {@code http_sd_configs} list. */
  static String prometheusYml(String sdConfigs) {
    StringBuilder sb =
        new StringBuilder("scrape_configs:\n  - job_name: http\n    http_sd_configs:\n");
    for (String line : sdConfigs.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append("      ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** Loads a whole prometheus.yml with the real loader; the SD configs of its only job. */
  static List<SdConfig> all(String prometheusYml, Compat compat) {
    return ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat)
        .scrapeConfigs()
        .get(0)
        .sdConfigs();
  }

  static HttpSdConfig load(String prometheusYml, Compat compat) {
    List<SdConfig> all = all(prometheusYml, compat);
    return (HttpSdConfig) all.get(0);
  }
}
