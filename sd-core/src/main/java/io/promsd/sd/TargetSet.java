package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
    requireNonNull(published, "published");
    jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
  }

  /** The targets of a job; empty if the applied config has no such job. */
  public Optional<JobTargets> job(String name) {
    return Optional.ofNullable(jobs.get(requireNonNull(name, "name")));
  }

  /** Whether every job is {@link JobTargets#ready() ready}. */
  public boolean ready() {
    for (JobTargets j : jobs.values()) {
      if (!j.ready()) {
        return false;
      }
    }
    return true;
  }

  /** The number of active targets over all jobs. */
  public int activeCount() {
    return jobs.values().stream().mapToInt(j -> j.active().size()).sum();
  }
}
