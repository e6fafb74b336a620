package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The targets of one job in a {@link TargetSet}.
 *
 * @param job the job name
 * @param active the targets that would be scraped, in provider then group order
 * @param dropped the targets a relabel rule dropped (capped by {@code keep_dropped_targets})
 * @param failed the targets population rejected, with Prometheus's reason
 */
public record JobTargets(
    String job, List<ScrapeTarget> active, List<ScrapeTarget> dropped, List<ScrapeTarget> failed) {
  /** Copies the lists. */
  public JobTargets {
    requireNonNull(job, "job");
    active = List.copyOf(active);
    dropped = List.copyOf(dropped);
    failed = List.copyOf(failed);
  }
}
