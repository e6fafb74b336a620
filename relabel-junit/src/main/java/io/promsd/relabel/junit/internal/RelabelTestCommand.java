package io.promsd.relabel.junit.internal;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@code promsd test relabel FILE... [--junit FILE] [--run REGEX] [--color auto|always|never]}
 * does: runs relabel test files, prints the {@link TextReport} (each file's lines as soon as it has
 * run, then the summary), optionally writes a {@link JUnitXmlReport}, and returns the exit status:
 * {@value #PASSED} when every selected test passed, {@value #FAILED} when a test failed, {@value
 * #INVALID} when a file is invalid (or the report cannot be written). The {@code promsd} CLI parses
 * the command line and calls {@link #execute}. Stateless.
 */
public final class RelabelTestCommand {
  /** Exit status: every selected test passed. */
  public static final int PASSED = 0;

  /** Exit status: at least one test failed. */
  public static final int FAILED = 1;

  /** Exit status: a test file is invalid, the regex is, or the report could not be written. */
  public static final int INVALID = 2;

  /** When to colour the report. */
  public enum Color {
    /** Only on a terminal, and not when {@code NO_COLOR} is set or {@code TERM} is dumb. */
    AUTO,
    /** Always. */
    ALWAYS,
    /** Never. */
    NEVER
  }

  /**
   * The command's settings.
   *
   * @param files the test files, in order
   * @param junit where to write a JUnit XML report, or null
   * @param run the test name selection (RE2 syntax, unanchored, as {@code go test -run}), or null
   *     for every test
   * @param color when to colour the report
   */
  public record Options(List<Path> files, Path junit, String run, Color color) {
    /** Copies the file list and checks the parts. */
    public Options {
      files = List.copyOf(files);
      requireNonNull(color, "color");
    }
  }

  private RelabelTestCommand() {}

  /**
   * Runs the command: the report goes to {@code out}, problems with the command itself to {@code
   * err}.
   *
   * @return the exit status
   */
  public static int execute(Options o, PrintWriter out, PrintWriter err) {
    Predicate<String> select = name -> true;
    if (o.run() != null) {
      Pattern p;
      try {
        p = Pattern.compile(o.run());
      } catch (PatternSyntaxException e) {
        err.println("invalid --run regex: " + e.getMessage());
        err.flush();
        return INVALID;
      }
      select = name -> p.matcher(name).find();
    }
    TextReport report = TextReport.of(colour(o.color()));
    List<RelabelSuiteResult> suites = new ArrayList<>();
    for (Path f : o.files()) {
      RelabelSuiteResult s = RelabelTestRunner.run(f, select);
      suites.add(s);
      out.print(report.suite(s));
      out.flush();
    }
    out.println(report.summary(suites));
    out.flush();
    if (o.run() != null && suites.stream().allMatch(s -> s.valid() && s.results().isEmpty())) {
      err.println("warning: no tests match --run \"" + o.run() + "\"");
    }
    int status = PASSED;
    if (o.junit() != null) {
      try {
        JUnitXmlReport.write(suites, o.junit());
      } catch (IOException e) {
        err.println("cannot write the JUnit report: " + RelabelTestRunner.describe(e, o.junit()));
        status = INVALID;
      }
    }
    err.flush();
    if (status == INVALID || suites.stream().anyMatch(s -> !s.valid())) {
      return INVALID;
    }
    return suites.stream().anyMatch(s -> s.failed() > 0) ? FAILED : PASSED;
  }

  private static boolean colour(Color c) {
    return switch (c) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO ->
          System.console() != null
              && System.getenv("NO_COLOR") == null
              && !"dumb".equals(System.getenv("TERM"));
    };
  }
}
