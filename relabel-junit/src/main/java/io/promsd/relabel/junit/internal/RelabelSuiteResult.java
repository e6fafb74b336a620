package io.promsd.relabel.junit.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one relabel test file: a result per test that ran, or, when the file is invalid,
 * the error that says where and why.
 *
 * @param file the test file, as it was named
 * @param results one result per test that ran, in file order; empty for an invalid file
 * @param error the located error of an invalid file ({@code file:line: message}), or null
 * @param started when the file was read
 * @param time how long loading and running took
 */
public record RelabelSuiteResult(
    Path file, List<RelabelTestResult> results, String error, Instant started, Duration time) {

  /** Copies the results and checks the parts. */
  public RelabelSuiteResult {
    requireNonNull(file, "file");
    results = List.copyOf(results);
    requireNonNull(started, "started");
    requireNonNull(time, "time");
    if (error != null && !results.isEmpty()) {
      throw new IllegalArgumentException("an invalid file has no results");
    }
  }

  /** Whether the file could be loaded. */
  public boolean valid() {
    return error == null;
  }

  /** The number of tests that passed. */
  public int passed() {
    return (int) results.stream().filter(RelabelTestResult::passed).count();
  }

  /** The number of tests that failed. */
  public int failed() {
    return results.size() - passed();
  }
}
