package io.promsd.sd.azure;

import io.promsd.relabel.Compat;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    return TestData.root();
  }

  static Path azure() {
    return testdata().resolve("azure");
  }

  static Path payload(String name) {
    return azure().resolve("payloads").resolve(name + ".json");
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
}
