package io.promsd.cli;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs discovery for some jobs of a config until every discoverer has settled, then stops. The rule
 * (README, CLI): a discoverer has settled when it has delivered its first full state or reported a
 * fault, whichever comes first; a job whose discoverer reported a fault (a file that does not
 * parse, a back end that failed its first refresh) has no computed targets, and the command names
 * the job, the mechanism and the error, and fails. Unlike promtool, which always waits its whole
 * {@code --timeout}, this returns as soon as every discoverer has settled; the timeout is only an
 * upper bound, and running out of it names what was still awaited.
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

  /**
   * The lines naming what did not settle within the timeout (no state and no fault yet) and what
   * failed, for the selected jobs: one per discoverer, {@code promsd: job "J": MECHANISM/N failed:
   * ERROR} or {@code ... MECHANISM/N sent no targets and no error within 30s}.
   */
  static List<String> problems(
      List<ProviderHealth> health, Collection<String> jobs, Duration timeout) {
    List<String> out = new ArrayList<>();
    for (ProviderHealth h : health) {
      List<String> mine = new ArrayList<>();
      for (String j : h.jobs()) {
        if (jobs.contains(j)) {
          mine.add(GoText.quote(j));
        }
      }
      if (mine.isEmpty()) {
        continue;
      }
      String who = "promsd: " + (mine.size() == 1 ? "job " : "jobs ") + String.join(", ", mine);
      if (!h.healthy() && h.lastError() != null) {
        out.add(who + ": " + h.name() + " failed: " + h.lastError());
      } else if (!h.initialized()) {
        out.add(
            who
                + ": "
                + h.name()
                + " sent no targets and no error within "
                + timeout.toSeconds()
                + "s");
      }
    }
    return out;
  }

  /** Whether every discoverer of the selected jobs delivered its state without a fault. */
  static boolean allHealthy(List<ProviderHealth> health, Collection<String> jobs) {
    for (ProviderHealth h : health) {
      if (!h.healthy() && h.jobs().stream().anyMatch(jobs::contains)) {
        return false;
      }
    }
    return true;
  }

  static Result run(PrometheusConfig config, List<String> jobs, Duration timeout)
      throws InterruptedException {
    try (DiscoveryManager m = start(config, jobs)) {
      TargetSet set = m.awaitSettled(jobs, timeout).orElse(null);
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
