package io.promsd.relabel.junit.internal;

import io.promsd.relabel.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs relabel test files: loads each, runs the selected tests, and returns a {@link
 * RelabelSuiteResult} per file. An invalid file does not stop the run; its result carries the
 * error. Report the results with {@link TextReport} and {@link JUnitXmlReport}. Stateless.
 */
public final class RelabelTestRunner {
  private RelabelTestRunner() {}

  /** Runs the tests of {@code file} whose names {@code select} accepts. */
  public static RelabelSuiteResult run(Path file, Predicate<String> select) {
    return run(file, select, Clock.systemUTC());
  }

  /** Runs every file in order, each as {@link #run(Path, Predicate)}. */
  public static List<RelabelSuiteResult> run(List<Path> files, Predicate<String> select) {
    List<RelabelSuiteResult> out = new ArrayList<>(files.size());
    for (Path f : files) {
      out.add(run(f, select));
    }
    return out;
  }

  static RelabelSuiteResult run(Path file, Predicate<String> select, Clock clock) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    try {
      return RelabelTestFile.load(file).run(select, clock);
    } catch (ConfigException | IOException e) {
      return new RelabelSuiteResult(
          file, List.of(), loadError(e, file), started, Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  /**
   * Why {@code testFile} did not load, as the CLI prints it: {@code file:line: message} for a
   * {@link ConfigException}, prefixed with the test file when the error is in another file (the
   * Prometheus configuration it names); Go's wording for a read error.
   */
  public static String loadError(Exception e, Path testFile) {
    if (e instanceof ConfigException c) {
      String name = testFile.toString();
      return name.equals(c.file()) ? c.getMessage() : name + ": " + c.getMessage();
    }
    return describe((IOException) e, testFile);
  }

  /** Go's wording for a failed read: {@code open prometheus.yml: no such file or directory}. */
  static String describe(IOException e, Path file) {
    if (e instanceof NoSuchFileException) {
      return "open " + file + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "open " + file + ": permission denied";
    }
    return "read " + file + ": " + e.getMessage();
  }
}
