package io.promsd.relabel.junit;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The command {@code promsd test relabel FILE... [--junit FILE] [--run REGEX] [--color
 * auto|always|never]}: runs relabel test files, prints the {@link TextReport}, optionally writes a
 * {@link JUnitXmlReport}, and returns the exit status: {@value #PASSED} when every test passed,
 * {@value #FAILED} when a test failed, {@value #INVALID} when a file is invalid (or the command
 * line is). The logic lives here so that the {@code promsd} CLI is a thin layer over {@link
 * #execute}. Stateless.
 */
public final class RelabelTestCommand {
  /** Exit status: every selected test passed. */
  public static final int PASSED = 0;

  /** Exit status: at least one test failed. */
  public static final int FAILED = 1;

  /** Exit status: a test file is invalid, the command line is wrong, or the report not written. */
  public static final int INVALID = 2;

  /** The usage text. */
  public static final String USAGE =
      """
      Usage: promsd test relabel [--junit FILE] [--run REGEX] [--color auto|always|never] FILE...
      Runs the tests in relabel test files and prints a line per test, with the diff and the
      rule-by-rule trace of each failure.
        --junit FILE   also write a JUnit XML report to FILE
        --run REGEX    run only the tests whose names match REGEX (RE2 syntax, unanchored)
        --color WHEN   auto (only on a terminal), always or never; default auto
      Exit status: 0 all tests passed, 1 a test failed, 2 a file is invalid.
      """;

  /** When to colour the report. */
  public enum Color {
    /** Only when writing to a terminal, and {@code NO_COLOR} is not set. */
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
   * @param run the test name selection (RE2, unanchored), or null for all tests
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
   * Parses {@code args} (the words after {@code promsd test relabel}) and runs the command.
   *
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> files = new ArrayList<>();
    Path junit = null;
    String run = null;
    Color color = Color.AUTO;
    boolean options = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!options || !a.startsWith("-") || a.equals("-")) {
        files.add(Path.of(a));
        continue;
      }
      if (a.equals("--")) {
        options = false;
        continue;
      }
      if (a.equals("-h") || a.equals("--help")) {
        out.print(USAGE);
        return PASSED;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!name.equals("--junit") && !name.equals("--run") && !name.equals("--color")) {
        return usage(err, "unknown option " + a);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          return usage(err, name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--junit" -> junit = Path.of(value);
        case "--run" -> run = value;
        default -> {
          try {
            color = Color.valueOf(value.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            return usage(err, "--color must be auto, always or never, got \"" + value + "\"");
          }
        }
      }
    }
    if (files.isEmpty()) {
      return usage(err, "no test files given");
    }
    return execute(new Options(files, junit, run, color), out, err);
  }

  /**
   * Runs the command with parsed options: prints each file's lines as it finishes, then the
   * summary; writes the JUnit report if asked.
   *
   * @return the exit status
   */
  public static int execute(Options o, PrintStream out, PrintStream err) {
    Predicate<String> select = name -> true;
    if (o.run() != null) {
      Pattern p;
      try {
        p = Pattern.compile(o.run());
      } catch (PatternSyntaxException e) {
        return usage(err, "invalid --run regex: " + e.getMessage());
      }
      select = name -> p.matcher(name).find();
    }
    TextReport report = TextReport.of(colour(o.color(), out));
    List<RelabelSuiteResult> suites = new ArrayList<>();
    for (Path f : o.files()) {
      RelabelSuiteResult s = RelabelTestRunner.run(f, select);
      suites.add(s);
      out.print(report.suite(s));
    }
    out.println(report.summary(suites));
    if (o.run() != null && suites.stream().allMatch(s -> s.valid() && s.results().isEmpty())) {
      err.println("warning: no tests match --run \"" + o.run() + "\"");
    }
    if (o.junit() != null) {
      try {
        JUnitXmlReport.write(suites, o.junit());
      } catch (IOException e) {
        err.println("cannot write the JUnit report: " + JobRules.describe(e, o.junit()));
        return INVALID;
      }
    }
    if (suites.stream().anyMatch(s -> !s.valid())) {
      return INVALID;
    }
    return suites.stream().anyMatch(s -> s.failed() > 0) ? FAILED : PASSED;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("promsd test relabel: " + problem);
    err.print(USAGE);
    return INVALID;
  }

  private static boolean colour(Color c, PrintStream out) {
    return switch (c) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO ->
          out == System.out
              && System.console() != null
              && System.getenv("NO_COLOR") == null
              && !"dumb".equals(System.getenv("TERM"));
    };
  }
}
