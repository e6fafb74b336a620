package io.promsd.sd.consul;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.spi.SdConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reading {@code testdata/consul} (format in its README) and parsing config text for tests. */
final class Fixtures {
  private Fixtures() {}

  static Path testdata() {
    return TestData.resolve("consul");
  }

  /** The YAML files under {@code testdata/consul/<sub>}, sorted. */
  static List<Path> files(String sub) {
    try (Stream<Path> s = Files.list(testdata().resolve(sub))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Node read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.startsWith("#")) {
        throw new AssertionError(file + ": a fixture opens with its provenance comment");
      }
      return Documents.parseYaml(text, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mapping's entries by key text. */
  static Map<String, Node> map(Node n) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      out.put(e.getKey().text(), e.getValue());
    }
    return out;
  }

  static Map<String, String> strings(Node n) {
    Map<String, String> out = new LinkedHashMap<>();
    map(n).forEach((k, v) -> out.put(k, v.text()));
    return out;
  }

  static List<String> list(Node n) {
    List<String> out = new ArrayList<>();
    if (n != null && !n.isNull()) {
      for (Node item : n.items()) {
        out.add(item.text());
      }
    }
    return out;
  }

  static Compat compat(Node root) {
    return Compat.parse(map(root).get("compat").text());
  }

  /** Parses one consul_sd_configs entry through the real factory, as the config loader would. */
  static ConsulSdConfig parse(String entry, Compat compat) {
    Node node = Documents.parseYaml(entry, "consul.yml");
    Decoder decoder = new Decoder("consul.yml");
    ConsulSdConfig c =
        new ConsulDiscovererFactory()
            .parse(new SdConfigSource(node, decoder, Path.of("."), compat));
    decoder.finish();
    return c;
  }
}
