package io.promsd.sd;

import io.promsd.relabel.Compat;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One job's compiled config and its targets per (provider, source). Updater thread only. */
final class JobState {
  final ScrapeConfig config;
  final Compat compat;
  final ScrapeJob job;
  final ScrapeSettings settings;
  final List<DiscoveryManager.Provider> providers;
  final Map<DiscoveryManager.Provider, Map<String, List<ScrapeTarget>>> results = new HashMap<>();
  // The last published targets and discovered count; null when a group changed since.
  private JobTargets snapshot;
  int discovered;

  JobState(ScrapeConfig config, Compat compat, List<DiscoveryManager.Provider> providers) {
    this.config = config;
    this.compat = compat;
    this.job = ScrapeJob.of(config, compat);
    this.settings = job.settings();
    this.providers = List.copyOf(providers);
  }

  void recomputeAll(DiscoveryManager.Provider p, Population population) {
    List<TargetGroup> groups = List.copyOf(p.groups.values());
    List<List<ScrapeTarget>> targets = population.targets(job, groups);
    Map<String, List<ScrapeTarget>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      bySource.put(groups.get(i).source(), targets.get(i));
    }
    results.put(p, bySource);
    snapshot = null;
  }

  void recompute(DiscoveryManager.Provider p, Set<String> sources, Population population) {
    Map<String, List<ScrapeTarget>> bySource =
        results.computeIfAbsent(p, k -> new LinkedHashMap<>());
    List<TargetGroup> changed = new ArrayList<>(sources.size());
    for (String source : sources) {
      TargetGroup g = p.groups.get(source);
      if (g == null) {
        bySource.remove(source);
      } else {
        changed.add(g);
      }
    }
    List<List<ScrapeTarget>> targets = population.targets(job, changed);
    for (int i = 0; i < changed.size(); i++) {
      bySource.put(changed.get(i).source(), targets.get(i));
    }
    snapshot = null;
  }

  /** The job's targets; rebuilt only when a group changed since the last call. */
  JobTargets snapshot() {
    if (snapshot == null) {
      snapshot = build();
      int n = 0;
      for (DiscoveryManager.Provider p : providers) {
        for (TargetGroup g : p.groups.values()) {
          n += g.targets().size();
        }
      }
      discovered = n;
    }
    return snapshot;
  }

  private JobTargets build() {
    List<ScrapeTarget> active = new ArrayList<>();
    List<ScrapeTarget> dropped = new ArrayList<>();
    List<ScrapeTarget> failed = new ArrayList<>();
    long keep = config.keepDroppedTargets();
    for (DiscoveryManager.Provider p : providers) {
      Map<String, List<ScrapeTarget>> bySource = results.get(p);
      if (bySource == null) {
        continue;
      }
      for (List<ScrapeTarget> ts : bySource.values()) {
        for (ScrapeTarget t : ts) {
          switch (t.state()) {
            case ACTIVE -> active.add(t);
            case DROPPED -> {
              if (keep == 0 || dropped.size() < keep) {
                dropped.add(t);
              }
            }
            case FAILED -> failed.add(t);
          }
        }
      }
    }
    return new JobTargets(config.jobName(), active, dropped, failed, settings, false);
  }
}
