package io.promsd.sd.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.DiscoveryMetrics;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.SdConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exposed {@code prometheus_sd_*} series, read back through the Prometheus text format: first
 * each hook on its own, then a real manager running the real file discoverer.
 */
class SdMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SdMetrics sd = SdMetrics.register(registry);

  @TempDir Path dir;

  @Test
  void aManagersCountersAreExposedAtZeroWithItsName() throws IOException {
    sd.manager("scrape");
    Map<String, String> m = scrape();
    assertThat(m)
        .containsEntry("prometheus_sd_received_updates_total{name=\"scrape\"}", "0.0")
        .containsEntry("prometheus_sd_updates_delayed_total{name=\"scrape\"}", "0.0")
        .containsEntry("prometheus_sd_updates_total{name=\"scrape\"}", "0.0")
        .containsEntry("prometheus_sd_failed_configs{name=\"scrape\"}", "0.0")
        .containsEntry("prometheus_sd_file_read_errors_total", "0.0")
        .containsEntry("prometheus_sd_file_watcher_errors_total", "0.0")
        .containsEntry("prometheus_sd_dns_lookups_total", "0.0")
        .containsEntry("prometheus_sd_dns_lookup_failures_total", "0.0")
        .containsEntry("prometheus_sd_file_scan_duration_seconds_count", "0");
    assertThat(text())
        .contains("# TYPE prometheus_sd_updates_total counter")
        .contains(
            "# HELP prometheus_sd_updates_total Total number of update events sent to the SD"
                + " consumers.");
  }

  private static final Labels NONE = Labels.empty();
  private static final String MTIME = "prometheus_sd_file_mtime_seconds";

  @Test
  void eachHookFeedsItsSeries() throws IOException {
    DiscoveryMetrics scrape = sd.manager("scrape");
    DiscoveryMetrics notify = sd.manager("notify");
    scrape.receivedUpdate("file/0");
    scrape.receivedUpdate("file/0");
    notify.receivedUpdate("static/0");
    scrape.published(1);
    scrape.delayed();
    scrape.failedConfigs(2);
    scrape.discoveredTargets("node", 7, Instant.ofEpochMilli(1_700_000_000_500L));
    scrape.discoveredTargets("web", 0, Instant.ofEpochSecond(1_700_000_001));
    scrape.refreshed("ec2", "node", Duration.ofMillis(250), false);
    scrape.refreshed("ec2", "node", Duration.ofMillis(750), true);
    scrape.observe("file", "file/0", "prometheus_sd_file_scan_duration_seconds", NONE, 0.002);
    scrape.count("file", "file/0", "prometheus_sd_file_read_errors_total", NONE, 3);
    scrape.count("file", "file/0", "prometheus_sd_file_watcher_errors_total", NONE, 1);
    scrape.count("file", "file/0", "prometheus_sd_not_a_promsd_metric_total", NONE, 1);
    scrape.gauges("file", "file/0", MTIME, Map.of(Labels.of("filename", "/sd/a.json"), 1000.0));
    scrape.gauges("file", "file/1", MTIME, Map.of(Labels.of("filename", "/sd/a.json"), 1000.0));

    Map<String, String> m = scrape();
    assertThat(m)
        .containsEntry("prometheus_sd_received_updates_total{name=\"scrape\"}", "2.0")
        .containsEntry("prometheus_sd_received_updates_total{name=\"notify\"}", "1.0")
        .containsEntry("prometheus_sd_updates_total{name=\"scrape\"}", "1.0")
        .containsEntry("prometheus_sd_updates_delayed_total{name=\"scrape\"}", "1.0")
        .containsEntry("prometheus_sd_failed_configs{name=\"scrape\"}", "2.0")
        .containsEntry("prometheus_sd_discovered_targets{config=\"node\",name=\"scrape\"}", "7.0")
        .containsEntry("prometheus_sd_discovered_targets{config=\"web\",name=\"scrape\"}", "0.0")
        .containsEntry(
            "prometheus_sd_last_update_timestamp_seconds{config=\"node\",name=\"scrape\"}",
            "1.7000000005E9")
        .containsEntry(
            "prometheus_sd_refresh_failures_total{config=\"node\",mechanism=\"ec2\"}", "1.0")
        .containsEntry(
            "prometheus_sd_refresh_duration_seconds_count{config=\"node\",mechanism=\"ec2\"}", "2")
        .containsEntry(
            "prometheus_sd_refresh_duration_seconds_sum{config=\"node\",mechanism=\"ec2\"}", "1.0")
        .containsEntry("prometheus_sd_file_read_errors_total", "3.0")
        .containsEntry("prometheus_sd_file_watcher_errors_total", "1.0")
        .containsEntry("prometheus_sd_file_scan_duration_seconds_count", "1")
        .containsEntry("prometheus_sd_file_mtime_seconds{filename=\"/sd/a.json\"}", "1000.0")
        .doesNotContainKey("prometheus_sd_not_a_promsd_metric_total");
    assertThat(m.keySet())
        .as("one series per file, however many discoverers read it")
        .filteredOn(k -> k.startsWith("prometheus_sd_file_mtime_seconds"))
        .hasSize(1);
    assertThat(text())
        .contains(
            "prometheus_sd_refresh_duration_seconds{config=\"node\",mechanism=\"ec2\",quantile=\"0.5\"}");

    // A removed job takes its series along (Prometheus 3.12); a stopped discoverer its files.
    scrape.jobRemoved("node");
    scrape.gauges("file", "file/0", MTIME, Map.of());
    m = scrape();
    assertThat(m.keySet())
        .noneMatch(k -> k.contains("config=\"node\""))
        .contains("prometheus_sd_discovered_targets{config=\"web\",name=\"scrape\"}")
        .contains("prometheus_sd_file_mtime_seconds{filename=\"/sd/a.json\"}");
    scrape.gauges("file", "file/1", MTIME, Map.of());
    assertThat(scrape().keySet()).noneMatch(k -> k.startsWith("prometheus_sd_file_mtime"));
  }

  @Test
  void registeringTwiceInOneRegistryFails() {
    assertThatThrownBy(() -> SdMetrics.register(registry))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aManagerRunningFileSdReportsThroughTheRealDiscoverer() throws Exception {
    Path file = dir.resolve("sd/a.json");
    write(file, "[{\"targets\": [\"a:1\", \"a:2\", \"a:3\"]}]");
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_600_000_000)));
    String yaml =
        """
        scrape_configs:
          - job_name: a
            file_sd_configs: [{files: [sd/*.json]}]
          - job_name: b
            file_sd_configs: [{files: [sd/*.json]}]
            relabel_configs: [{action: drop, source_labels: [__address__], regex: a:1}]
        """;
    try (DiscoveryManager m =
        DiscoveryManager.builder()
            .updateInterval(Duration.ZERO)
            .metrics(sd.manager("scrape"))
            .build()) {
      m.apply(ConfigLoader.parse(yaml, dir.resolve("prometheus.yml"), Compat.PROMETHEUS_3));
      TargetSet s = m.awaitReady(List.of("a", "b"), WAIT).orElseThrow();
      assertThat(s.ready()).isTrue();
      Map<String, String> metrics = scrape();
      assertThat(metrics)
          .as("discovered targets count before relabeling")
          .containsEntry("prometheus_sd_discovered_targets{config=\"a\",name=\"scrape\"}", "3.0")
          .containsEntry("prometheus_sd_discovered_targets{config=\"b\",name=\"scrape\"}", "3.0")
          .containsEntry("prometheus_sd_file_mtime_seconds{filename=\"" + file + "\"}", "1.6E9")
          .containsEntry("prometheus_sd_file_read_errors_total", "0.0")
          .containsEntry("prometheus_sd_failed_configs{name=\"scrape\"}", "0.0");
      assertThat(value(metrics, "prometheus_sd_received_updates_total{name=\"scrape\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(value(metrics, "prometheus_sd_updates_total{name=\"scrape\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(value(metrics, "prometheus_sd_file_scan_duration_seconds_count"))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              value(
                  metrics,
                  "prometheus_sd_last_update_timestamp_seconds{config=\"a\",name=\"scrape\"}"))
          .isGreaterThan(Instant.now().getEpochSecond() - 60);

      // A file that does not parse counts a read error, and keeps its targets.
      write(file, "[{\"targets\": [\"a:1\"],}]");
      awaitCondition(
          () -> value(scrape(), "prometheus_sd_file_read_errors_total") >= 1, "a read error");
      assertThat(scrape())
          .containsEntry("prometheus_sd_discovered_targets{config=\"a\",name=\"scrape\"}", "3.0");

      // A reload without job b removes its series; one that cannot start a discoverer counts.
      PrometheusConfig only =
          ConfigLoader.parse(
              yaml.substring(0, yaml.indexOf("  - job_name: b")),
              dir.resolve("prometheus.yml"),
              Compat.PROMETHEUS_3);
      m.apply(
          new PrometheusConfig(
              only.file(),
              only.compat(),
              only.global(),
              List.of(
                  only.scrapeConfigs().get(0),
                  with(only.scrapeConfigs().get(0), "c", new Broken())),
              only.ruleFiles()));
      awaitCondition(
          () -> {
            Map<String, String> now = scrape();
            return !now.containsKey(
                    "prometheus_sd_discovered_targets{config=\"b\",name=\"scrape\"}")
                && now.containsKey(
                    "prometheus_sd_discovered_targets{config=\"c\",name=\"scrape\"}");
          },
          "job b forgotten, job c published");
      assertThat(scrape())
          .containsEntry("prometheus_sd_failed_configs{name=\"scrape\"}", "1.0")
          .containsEntry("prometheus_sd_discovered_targets{config=\"c\",name=\"scrape\"}", "0.0");
    }
    assertThat(scrape().keySet())
        .as("the stopped discoverer's files are gone")
        .noneMatch(k -> k.startsWith("prometheus_sd_file_mtime"));
  }

  @Test
  void aPollingDiscovererReportsRefreshesUnderItsJob() throws Exception {
    String yaml = "scrape_configs:\n  - job_name: a\n";
    PrometheusConfig base = ConfigLoader.parse(yaml, dir.resolve("p.yml"), Compat.PROMETHEUS_3);
    SdConfig down = new Unreachable();
    try (DiscoveryManager m =
        DiscoveryManager.builder()
            .updateInterval(Duration.ZERO)
            .metrics(sd.manager("scrape"))
            .build()) {
      ScrapeConfig job = base.scrapeConfigs().get(0);
      m.apply(
          new PrometheusConfig(
              base.file(),
              base.compat(),
              base.global(),
              List.of(with(job, "a", down)),
              base.ruleFiles()));
      assertThat(m.awaitReady(List.of("a"), WAIT)).isPresent();
      awaitCondition(
          () ->
              "1.0"
                  .equals(
                      scrape()
                          .get(
                              "prometheus_sd_refresh_failures_total{config=\"a\",mechanism=\"unreachable\"}")),
          "one failed refresh");
      assertThat(scrape())
          .containsEntry(
              "prometheus_sd_refresh_duration_seconds_count{config=\"a\",mechanism=\"unreachable\"}",
              "1");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A polling discoverer whose every refresh fails. */
  record Unreachable() implements SdConfig {
    @Override
    public String mechanism() {
      return "unreachable";
    }

    @Override
    public Discoverer newDiscoverer() {
      return new RefreshDiscoverer(
          Duration.ofHours(1),
          () -> {
            throw new IOException("connection refused");
          },
          Duration.ofHours(1));
    }
  }

  /** An SD config that cannot create its discoverer. */
  record Broken() implements SdConfig {
    @Override
    public String mechanism() {
      return "broken";
    }

    @Override
    public Discoverer newDiscoverer() {
      throw new IllegalArgumentException("broken");
    }
  }

  /** A copy of {@code j} named {@code name} whose only SD config is {@code sd}. */
  private static ScrapeConfig with(ScrapeConfig j, String name, SdConfig sd) {
    return j.toBuilder().jobName(name).sdConfigs(List.of(sd)).build();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String text() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Each sample of the text exposition: {@code name{labels}} to its value as written. */
  private Map<String, String> scrape() {
    try {
      Map<String, String> m = new LinkedHashMap<>();
      for (String line : text().split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          int sp = line.lastIndexOf(' ');
          m.put(line.substring(0, sp), line.substring(sp + 1));
        }
      }
      return m;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double value(Map<String, String> m, String key) {
    String v = m.get(key);
    assertThat(v).as("series %s in %s", key, new ArrayList<>(m.keySet())).isNotNull();
    return Double.parseDouble(v);
  }

  private static void awaitCondition(BooleanSupplier c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Object lock = new Object();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s not reached in time", what).isLessThan(deadline);
      synchronized (lock) {
        lock.wait(5); // re-check; the deadline bounds the wait
      }
    }
  }
}
