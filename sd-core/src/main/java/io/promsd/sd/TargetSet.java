package io.promsd.sd;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of every job's targets, as published by {@link DiscoveryManager}.
 *
 * @param version increases with every published snapshot (0 before the first)
 * @param published when it was published
 * @param jobs the jobs of the applied config, in config order (a job without targets is there,
 *     empty)
 */
public record TargetSet(long version, Instant published, Map<String, JobTargets> jobs) {
  /** Copies the map, keeping its order. */
  public TargetSet {
    jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
  }

  /** The targets of a job, or null if the config has no such job. */
  public JobTargets job(String name) {
    return jobs.get(name);
  }

  /** The number of active targets over all jobs. */
  public int activeCount() {
    return jobs.values().stream().mapToInt(j -> j.active().size()).sum();
  }
}
