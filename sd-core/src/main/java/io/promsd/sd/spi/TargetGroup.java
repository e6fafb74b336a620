package io.promsd.sd.spi;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;
import java.util.List;

/**
 * A group of targets sharing labels, as a discoverer reports them (Prometheus's {@code
 * targetgroup.Group}).
 *
 * <p>{@code source} identifies the group within its discoverer: a later group with the same source
 * replaces it, and a group with no targets removes it. A target's own labels win over the group's
 * labels of the same name. Prometheus lets a target label with an empty value hide a group label;
 * {@link Labels} drops empty values, so a discoverer that needs that (file and static SD, whose
 * empty target {@code __address__} hides a group {@code __address__}) leaves the hidden group label
 * out itself.
 *
 * @param source the group's identity within its discoverer, e.g. {@code pod/default/web-0}
 * @param labels labels common to every target
 * @param targets the targets' own labels; usually at least {@code __address__}
 */
public record TargetGroup(String source, Labels labels, List<Labels> targets) {
  /** Checks and copies. */
  public TargetGroup {
    requireNonNull(source, "source");
    requireNonNull(labels, "labels");
    targets = List.copyOf(targets);
  }

  /** A group that removes whatever was known under {@code source}. */
  public static TargetGroup empty(String source) {
    return new TargetGroup(source, Labels.empty(), List.of());
  }

  /** Whether the group has no targets (it then means "this source is gone"). */
  public boolean isEmpty() {
    return targets.isEmpty();
  }
}
