package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.SdConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Paths and parsing helpers for the fixtures in {@code testdata/ec2}. */
final class Ec2Fixtures {
  private Ec2Fixtures() {}

  static Path testdata() {
    String p = System.getProperty("promsd.testdata");
    Path dir = p != null ? Path.of(p) : Path.of("..", "testdata");
    return dir.toAbsolutePath().normalize();
  }

  static Path ec2() {
    return testdata().resolve("ec2");
  }

  static Path payloads() {
    return ec2().resolve("payloads");
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

  /** The prometheus.yml the recorder wrote around an {@code ec2_sd_configs} list. */
  static String prometheusYml(String sdConfigs) {
    StringBuilder sb =
        new StringBuilder("scrape_configs:\n  - job_name: ec2\n    ec2_sd_configs:\n");
    for (String line : sdConfigs.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append("      ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** A resolver that finds nothing and never touches the network or the real environment. */
  static RegionResolver noRegion() {
    return new RegionResolver(
        name -> null,
        () -> null,
        () -> {
          throw new IllegalStateException("no instance-metadata service in tests");
        });
  }

  /**
   * Parses the {@code ec2_sd_configs} entries of a whole prometheus.yml the way the loader will:
   * one decoder for the document, its type errors thrown at the end.
   */
  static List<Ec2SdConfig> parse(String prometheusYml, Compat compat, RegionResolver regions) {
    Node root = Documents.parseYaml(prometheusYml, "prometheus.yml");
    Decoder d = new Decoder("prometheus.yml");
    Node job = map(root).get("scrape_configs").items().get(0);
    Node list = map(job).get("ec2_sd_configs");
    Ec2DiscovererFactory factory = new Ec2DiscovererFactory(regions);
    List<Ec2SdConfig> out =
        list.items().stream()
            .map(n -> factory.parseEc2(new SdConfigSource(n, d, Path.of("."), compat)))
            .toList();
    d.finish();
    return out;
  }
}
