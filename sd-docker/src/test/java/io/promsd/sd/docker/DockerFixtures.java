package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.testing.SdFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Paths, parsing and comparison helpers for the fixtures in {@code testdata/docker}. */
final class DockerFixtures {
  private DockerFixtures() {}

  static Path testdata() {
    return TestData.root();
  }

  static Path docker() {
    return testdata().resolve("docker");
  }

  static Path payloads() {
    return docker().resolve("payloads");
  }

  /** Loads a whole prometheus.yml through the real loader and returns its job's SD configs. */
  static List<SdConfig> load(String prometheusYml, Compat compat) {
    PrometheusConfig cfg =
        ConfigLoader.parse(prometheusYml, Path.of("prometheus.yml"), compat, Path.of("."));
    return cfg.scrapeConfigs().get(0).sdConfigs();
  }

  /** One SD config of one mechanism from a config snippet ({@code host: ...}). */
  static SdConfig one(String mechanism, String config, Compat compat) {
    List<SdConfig> all =
        load(SdFixtures.prometheusYml(mechanism, SdFixtures.oneItemList(config)), compat);
    if (all.size() != 1) {
      throw new AssertionError("expected one SD config, got " + all);
    }
    return all.get(0);
  }

  static int compareMaps(Map<String, String> a, Map<String, String> b) {
    return a.toString().compareTo(b.toString());
  }
}
