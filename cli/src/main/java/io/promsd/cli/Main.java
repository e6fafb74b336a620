package io.promsd.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code promsd} command. */
@Command(
    name = "promsd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Prometheus-compatible service discovery and relabeling: compute, explain and"
            + " check targets.",
    subcommands = {
      TargetsCommand.class,
      CheckCommand.class,
      TestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit code: all good. */
  static final int OK = 0;

  /** Exit code: the config was rejected or targets could not be computed. */
  static final int FAILED = 1;

  /** Exit code: bad usage. */
  static final int USAGE = 2;

  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // One large buffer: check service-discovery can print hundreds of megabytes.
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(
                new OutputStreamWriter(
                    new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                1 << 20),
            false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err);
    out.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println(ex.getMessage());
          ex.getCommandLine().usage(err);
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          err.println("promsd: " + ex);
          return FAILED;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Prints the version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"promsd " + (v == null ? "dev" : v)};
    }
  }
}
