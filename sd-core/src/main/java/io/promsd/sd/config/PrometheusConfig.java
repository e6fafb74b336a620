package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.SdConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded prometheus.yml: the global settings and every scrape config (including those read from
 * {@code scrape_config_files}), validated as Prometheus validates them. Immutable; load one with
 * {@link ConfigLoader}.
 *
 * @param file the config file (null when parsed from text)
 * @param compat the Prometheus version whose rules were applied
 * @param global the global section with defaults applied
 * @param scrapeConfigs the jobs, in file order
 * @param ruleFiles {@code rule_files} (kept for completeness; promsd evaluates no rules)
 * @param alertmanagerSdConfigs the discovery configs of every {@code alerting.alertmanagers} entry,
 *     in file order (promtool checks their files; promsd discovers no Alertmanagers)
 */
public record PrometheusConfig(
    Path file,
    Compat compat,
    GlobalConfig global,
    List<ScrapeConfig> scrapeConfigs,
    List<String> ruleFiles,
    List<SdConfig> alertmanagerSdConfigs) {

  /** Copies the lists. */
  public PrometheusConfig {
    scrapeConfigs = List.copyOf(scrapeConfigs);
    ruleFiles = List.copyOf(ruleFiles);
    alertmanagerSdConfigs = List.copyOf(alertmanagerSdConfigs);
  }

  /** A config without Alertmanager discovery. */
  public PrometheusConfig(
      Path file,
      Compat compat,
      GlobalConfig global,
      List<ScrapeConfig> scrapeConfigs,
      List<String> ruleFiles) {
    this(file, compat, global, scrapeConfigs, ruleFiles, List.of());
  }

  /** The first scrape config with this job name, as promtool picks it. */
  public Optional<ScrapeConfig> scrapeConfig(String jobName) {
    for (ScrapeConfig c : scrapeConfigs) {
      if (c.jobName().equals(jobName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The job names, in order. */
  public List<String> jobNames() {
    return scrapeConfigs.stream().map(ScrapeConfig::jobName).toList();
  }
}
