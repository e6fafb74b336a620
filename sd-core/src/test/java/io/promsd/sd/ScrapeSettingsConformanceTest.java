package io.promsd.sd;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.StaticSdConfig;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.TargetGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays {@code testdata/scrape/prometheus-2.42/scrape.yaml}, recorded from a running Prometheus
 * 2.42 by {@code testdata/scrape/gen/record.py}: for each case, the scrape URL, public labels,
 * interval and timeout of its target, and the series Prometheus stored for each scraped series,
 * against {@link ScrapeSettings} (2.42 rules). 3.x's {@code Target.URL} and {@code
 * mutateSampleLabels} read alike ({@code scrape/target.go}, {@code scrape/scrape.go}), so the same
 * answers are checked with {@link Compat#PROMETHEUS_3} too.
 */
class ScrapeSettingsConformanceTest {
  private static final String ADDR = "127.0.0.1:19090";
  private static final String PORT = "19090";

  @TestFactory
  Stream<DynamicTest> recordedFromPrometheus() throws Exception {
    Path file = TestData.resolve("scrape", "prometheus-2.42", "scrape.yaml");
    Map<String, Object> doc =
        new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
    assertThat(cases).as("cases in %s", file).hasSizeGreaterThanOrEqualTo(15);
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : cases) {
      for (Compat compat : Compat.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                "scrape.yaml:" + c.get("name") + " compat=" + compat, () -> check(c, compat)));
      }
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static void check(Map<String, Object> c, Compat compat) {
    String job = subst((String) c.get("job"));
    String yaml =
        "global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n- "
            + job.strip().replace("\n", "\n  ")
            + "\n";
    PrometheusConfig cfg = ConfigLoader.parse(yaml, Path.of("prometheus.yml"), compat);
    ScrapeJob sj = ScrapeJob.of(cfg.scrapeConfigs().get(0), compat);
    ScrapeSettings settings = sj.settings();
    StaticSdConfig sd = (StaticSdConfig) cfg.scrapeConfigs().get(0).sdConfigs().get(0);
    List<ScrapeTarget> active = new ArrayList<>();
    for (TargetGroup g : sd.groups()) {
      sj.targets(g).stream().filter(ScrapeTarget::isActive).forEach(active::add);
    }
    List<Map<String, Object>> want = (List<Map<String, Object>>) c.get("targets");
    assertThat(active).hasSameSizeAs(want);
    ScrapeTarget t = active.get(0);
    Map<String, Object> w = want.get(0);
    assertThat(settings.scrapeUrl(t)).isEqualTo(subst((String) w.get("scrapeUrl")));
    assertThat(t.publicLabels()).isEqualTo(labels((Map<String, Object>) w.get("labels")));
    assertThat(settings.interval(t.labels()))
        .isEqualTo(PromDuration.parse((String) w.get("scrapeInterval")));
    assertThat(settings.timeout(t.labels()))
        .isEqualTo(PromDuration.parse((String) w.get("scrapeTimeout")));

    List<Labels> stored = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) c.get("series")) {
      settings.relabelSeries(labels(s), t).ifPresent(stored::add);
    }
    List<Labels> expected = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) c.get("stored")) {
      expected.add(labels(s));
    }
    stored.sort(Comparator.comparing(Labels::toString));
    expected.sort(Comparator.comparing(Labels::toString));
    assertThat(stored).isEqualTo(expected);
  }

  private static Labels labels(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, subst(String.valueOf(v))));
    return Labels.of(out);
  }

  private static String subst(String s) {
    return s.replace("${ADDR}", ADDR).replace("${PORT}", PORT);
  }
}
