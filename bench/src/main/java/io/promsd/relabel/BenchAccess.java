package io.promsd.relabel;

import java.util.List;

/**
 * The benchmarks' way in to {@code Relabeler.compile(rules, compat, scheme, fastPaths)}, which is
 * package-private in {@code relabel}: this class lives in the same package but ships only in the
 * benchmarks jar, so the library's public API does not grow a switch that only benchmarks need.
 */
public final class BenchAccess {
  private BenchAccess() {}

  /** Compiles {@code rules} with the regex fast paths on or off (off: every match runs re2j). */
  public static Relabeler compile(List<RelabelConfig> rules, Compat compat, boolean fastPaths) {
    return Relabeler.compile(rules, compat, compat.defaultNameValidation(), fastPaths);
  }
}
