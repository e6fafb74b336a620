package io.promsd.sd.dns;

import io.promsd.relabel.Compat;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.testing.SdFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Paths, parsing and comparison helpers for the fixtures in {@code testdata/dns}. */
final class DnsFixtures {
  private DnsFixtures() {}

  static Path dns() {
    return TestData.resolve("dns");
  }

  /** Loads a whole prometheus.yml through the real loader and returns its job's SD configs. */
  static List<SdConfig> load(String prometheusYml, Compat compat) {
    PrometheusConfig cfg =
        ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat, Path.of("."));
    return cfg.scrapeConfigs().get(0).sdConfigs();
  }

  /** The one config of a {@code names: ...} snippet. */
  static DnsSdConfig one(String config, Compat compat) {
    return (DnsSdConfig)
        load(SdFixtures.prometheusYml("dns", SdFixtures.oneItemList(config)), compat).get(0);
  }

  static int compareMaps(Map<String, String> a, Map<String, String> b) {
    return a.toString().compareTo(b.toString());
  }
}
