package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.spi.SdConfigSource;
import io.promsd.sd.testing.SdFixtures;
import java.nio.file.Path;
import java.util.List;

/** Paths and parsing helpers for the fixtures in {@code testdata/ec2}. */
final class Ec2Fixtures {
  private Ec2Fixtures() {}

  static Path testdata() {
    return TestData.root();
  }

  static Path ec2() {
    return testdata().resolve("ec2");
  }

  static Path payloads() {
    return ec2().resolve("payloads");
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
    Node job = SdFixtures.map(root).get("scrape_configs").items().get(0);
    Node list = SdFixtures.map(job).get("ec2_sd_configs");
    Ec2DiscovererFactory factory = new Ec2DiscovererFactory(regions);
    List<Ec2SdConfig> out =
        list.items().stream()
            .map(n -> factory.parseEc2(new SdConfigSource(n, d, Path.of("."), compat)))
            .toList();
    d.finish();
    return out;
  }
}
