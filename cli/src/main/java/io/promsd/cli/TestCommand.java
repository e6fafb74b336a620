package io.promsd.cli;

import io.promsd.relabel.junit.internal.RelabelTestCommand;
import io.promsd.relabel.junit.internal.RelabelTestCommand.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promsd test ...}: unit tests for configuration. */
@Command(
    name = "test",
    description = "Run unit tests for relabel rules.",
    subcommands = {TestCommand.Relabel.class})
final class TestCommand {

  /**
   * {@code promsd test relabel}: a thin layer over relabel-junit's {@link RelabelTestCommand},
   * which holds the runner and the reports.
   */
  @Command(
      name = "relabel",
      mixinStandardHelpOptions = true,
      description = {
        "Run the tests in relabel test files: a line per test, and for each failure the expected"
            + " and actual labels, their diff and the rule-by-rule trace.",
        "Exit status: 0 all tests passed, 1 a test failed, 2 a file is invalid."
      })
  static final class Relabel implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "relabel test files")
    List<Path> files;

    @Option(
        names = "--junit",
        paramLabel = "FILE",
        description = "Also write a JUnit XML report to FILE.")
    Path junit;

    @Option(
        names = "--run",
        paramLabel = "REGEX",
        description = "Run only the tests whose names match REGEX (RE2, unanchored).")
    String run;

    @Option(
        names = "--color",
        paramLabel = "WHEN",
        defaultValue = "auto",
        converter = ColorOption.class,
        description = "auto (only on a terminal), always or never; default ${DEFAULT-VALUE}.")
    Color color;

    @Override
    public Integer call() {
      return RelabelTestCommand.execute(
          new RelabelTestCommand.Options(files, junit, run, color),
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }

  /** Converts {@code --color auto|always|never}. */
  static final class ColorOption implements CommandLine.ITypeConverter<Color> {
    @Override
    public Color convert(String value) {
      try {
        return Color.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "--color must be auto, always or never, got " + value);
      }
    }
  }
}
