package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;
import java.util.List;
import java.util.Optional;

/**
 * The targets of one job in a {@link TargetSet}, with what it takes to scrape them.
 *
 * <p>A job whose discoverers have not all delivered their first state yet is not {@link #ready()}:
 * its lists are what has arrived so far (usually nothing), not an empty job. A scraper that syncs
 * its targets to a snapshot should leave a job that is not ready alone.
 *
 * @param job the job name
 * @param active the targets that would be scraped, in provider then group order
 * @param dropped the targets a relabel rule dropped (capped by {@code keep_dropped_targets})
 * @param failed the targets population rejected, with Prometheus's reason
 * @param settings the job's scrape settings and compiled metric relabeling, from the same config as
 *     the targets
 * @param ready whether every discoverer of the job has delivered its first full state (or failed
 *     its first attempt)
 */
public record JobTargets(
    String job,
    List<ScrapeTarget> active,
    List<ScrapeTarget> dropped,
    List<ScrapeTarget> failed,
    ScrapeSettings settings,
    boolean ready) {
  /** Copies the lists. */
  public JobTargets {
    requireNonNull(job, "job");
    requireNonNull(settings, "settings");
    active = List.copyOf(active);
    dropped = List.copyOf(dropped);
    failed = List.copyOf(failed);
  }

  /** The URL to scrape an active target at (see {@link ScrapeSettings#scrapeUrl(Labels)}). */
  public String scrapeUrl(ScrapeTarget target) {
    return settings.scrapeUrl(target);
  }

  /**
   * A series scraped from {@code target} after adding the target's labels and applying {@code
   * metric_relabel_configs}; empty if dropped (see {@link ScrapeSettings#relabelSeries(Labels,
   * Labels)}).
   */
  public Optional<Labels> relabelSeries(Labels series, ScrapeTarget target) {
    return settings.relabelSeries(series, target);
  }

  /** The same targets, marked ready or not. */
  JobTargets withReady(boolean ready) {
    return ready == this.ready
        ? this
        : new JobTargets(job, active, dropped, failed, settings, ready);
  }
}
