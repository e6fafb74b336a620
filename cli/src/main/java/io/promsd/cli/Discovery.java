package io.promsd.cli;

import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs discovery for some jobs of a config until every discoverer has delivered its first full
 * state, then stops. Unlike promtool, which always waits its whole {@code --timeout}, this returns
 * as soon as discovery is complete; the timeout is only an upper bound.
 */
final class Discovery {
  private Discovery() {}

  /**
   * The outcome: the snapshot, whether it is complete, the providers' health, and the groups of
   * each job as discovered.
   */
  record Result(
      TargetSet targets,
      boolean complete,
      List<ProviderHealth> health,
      Map<String, List<TargetGroup>> groups) {}

  /** What a command prints when discovery did not complete within {@code timeout}. */
  static String incomplete(Duration timeout) {
    return "promsd: discovery did not complete within " + timeout.toSeconds() + "s";
  }

  static Result run(PrometheusConfig config, List<String> jobs, Duration timeout)
      throws InterruptedException {
    try (DiscoveryManager m = start(config, jobs)) {
      TargetSet set = m.awaitReady(jobs, timeout).orElse(null);
      List<ProviderHealth> health = m.health();
      Map<String, List<TargetGroup>> groups = new LinkedHashMap<>();
      for (String job : jobs) {
        groups.put(job, m.groups(job));
      }
      if (set == null) {
        return new Result(m.current(), false, health, groups);
      }
      return new Result(set, true, health, groups);
    }
  }

  /**
   * A manager that discovers the given jobs of {@code config} and no others, and publishes each
   * update at once.
   */
  static DiscoveryManager start(PrometheusConfig config, List<String> jobs) {
    List<ScrapeConfig> selected = new ArrayList<>();
    for (String job : jobs) {
      config.scrapeConfig(job).ifPresent(selected::add);
    }
    PrometheusConfig only =
        new PrometheusConfig(
            config.file(), config.compat(), config.global(), selected, config.ruleFiles());
    DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    try {
      m.apply(only);
      return m;
    } catch (Throwable e) { // as try-with-resources would: close, keep what close threw
      try {
        m.close();
      } catch (Throwable c) {
        e.addSuppressed(c);
      }
      throw e;
    }
  }
}
