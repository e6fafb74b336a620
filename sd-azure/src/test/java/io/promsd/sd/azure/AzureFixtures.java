package io.promsd.sd.azure;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.SdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Paths and parsing helpers for the fixtures in {@code testdata/azure}. */
final class AzureFixtures {
  /** Short waits for tests: the SDKs' backoffs in milliseconds instead of seconds. */
  static final Timing FAST =
      new Timing(
          Duration.ofMillis(20),
          Duration.ofMillis(5),
          Duration.ofSeconds(60),
          Duration.ofMillis(5),
          Duration.ofSeconds(20),
          8);

  private AzureFixtures() {}

  static Path testdata() {
    String p = System.getProperty("promsd.testdata");
    Path dir = p != null ? Path.of(p) : Path.of("..", "testdata");
    return dir.toAbsolutePath().normalize();
  }

  static Path azure() {
    return testdata().resolve("azure");
  }

  static Path payload(String name) {
    return azure().resolve("payloads").resolve(name + ".json");
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

  /** The prometheus.yml the recorder writes around an {@code azure_sd_configs} list. */
  static String prometheusYml(String sdConfigs) {
    StringBuilder sb =
        new StringBuilder("scrape_configs:\n  - job_name: azure\n    azure_sd_configs:\n");
    for (String line : sdConfigs.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append("      ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** Loads a whole prometheus.yml with the real loader; the configs of its only job. */
  static List<AzureSdConfig> load(String prometheusYml, Compat compat) {
    PrometheusConfig pc = ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat);
    ScrapeConfig job = pc.scrapeConfigs().get(0);
    return job.sdConfigs().stream()
        .filter(AzureSdConfig.class::isInstance)
        .map(AzureSdConfig.class::cast)
        .toList();
  }

  static List<SdConfig> all(String prometheusYml, Compat compat) {
    return ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat)
        .scrapeConfigs()
        .get(0)
        .sdConfigs();
  }
}
