package io.promsd.pushgateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a gateway holds for one grouping key, as a scrape would show it: the grouping labels, the
 * push and failure times, and each family's samples (summaries and histograms flattened into their
 * {@code _sum}, {@code _count}, quantile and {@code _bucket} samples, as the text format writes
 * them). An immutable copy.
 *
 * @param labels the grouping labels
 * @param pushTimeSeconds {@code push_time_seconds}: Unix seconds of the last successful push, 0
 *     when none
 * @param failureTimeSeconds {@code push_failure_time_seconds}: of the last failed one, 0 when none
 * @param families the pushed families by name, sorted
 */
public record PushedGroup(
    Map<String, String> labels,
    double pushTimeSeconds,
    double failureTimeSeconds,
    List<Family> families) {

  /** Copies. */
  public PushedGroup {
    labels = Map.copyOf(labels);
    families = List.copyOf(families);
  }

  /** The family of that name, if pushed. */
  public Optional<Family> family(String name) {
    requireNonNull(name, "name");
    return families.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * One pushed family.
   *
   * @param name the family name
   * @param type {@code counter}, {@code gauge}, {@code summary}, {@code histogram} or {@code
   *     untyped}
   * @param help the help text, empty when none
   * @param samples its samples in exposition order
   */
  public record Family(String name, String type, String help, List<Sample> samples) {
    /** Copies. */
    public Family {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(help, "help");
      samples = List.copyOf(samples);
    }
  }

  /**
   * One sample line.
   *
   * @param name the sample name (the family name, or with {@code _sum}, {@code _count}, {@code
   *     _bucket})
   * @param labels every label, the grouping labels included
   * @param value the value
   */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** Copies. */
    public Sample {
      requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }
  }
}
