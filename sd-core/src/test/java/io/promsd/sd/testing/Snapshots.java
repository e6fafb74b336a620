package io.promsd.sd.testing;

import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.TargetSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Waiting for and reading {@link DiscoveryManager} snapshots in tests, always with a deadline. */
public final class Snapshots {
  private Snapshots() {}

  /**
   * Waits until the newest published snapshot satisfies {@code condition}, following each new
   * version; fails with the last snapshot seen when {@code timeout} passes first.
   */
  public static TargetSet await(
      DiscoveryManager manager, Predicate<TargetSet> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TargetSet s = manager.current();
    while (!condition.test(s)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no snapshot satisfied the condition within " + timeout + "; last: " + describe(s));
      }
      Optional<TargetSet> next = manager.awaitUpdate(s.version(), Duration.ofNanos(left));
      s = next.orElse(s);
    }
    return s;
  }

  /** The values of {@code label} over a job's active targets, sorted; empty for a missing job. */
  public static List<String> active(TargetSet s, String job, String label) {
    return s.job(job).map(JobTargets::active).orElse(List.of()).stream()
        .map(t -> t.labels().get(label))
        .sorted()
        .toList();
  }

  /** A short description: version and per job the active, dropped and failed counts. */
  public static String describe(TargetSet s) {
    StringBuilder sb = new StringBuilder("v").append(s.version());
    for (JobTargets j : s.jobs().values()) {
      sb.append(' ')
          .append(j.job())
          .append(j.ready() ? "" : "(not ready)")
          .append('=')
          .append(j.active().size())
          .append('/')
          .append(j.dropped().size())
          .append('/')
          .append(j.failed().size());
    }
    return sb.toString();
  }
}
