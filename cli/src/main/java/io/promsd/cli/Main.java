package io.promsd.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
    // the subcommands are added by commandLine(): only the one asked for, when one is
    subcommands = {})
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
    PrintWriter out = new Stdout(new FileOutputStream(FileDescriptor.out));
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err);
    out.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(args.length > 0 ? args[0] : "");
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

  /**
   * The command line for {@code first}, the first argument. picocli builds the model of every
   * subcommand it is given, by reflection, before it parses anything. So when {@code first} names a
   * subcommand, only that one is added (it parses, fails and prints its usage exactly as it would
   * among the others); anything else (no argument, {@code help}, an option, a typo) gets them all,
   * in this order.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    Object one = first.equals("help") ? null : subcommand(first);
    if (one != null) {
      cl.addSubcommand(first, one);
    } else {
      for (String name : SUBCOMMANDS) {
        cl.addSubcommand(name, subcommand(name));
      }
    }
    return cl;
  }

  private static final String[] SUBCOMMANDS = {
    "targets", "check", "test", "serve", "pushgateway", "help"
  };

  // A switch rather than a table of constructor references: an AOT cache written by JDK 25.0.3
  // crashed on the archived lambdas of such a table (archiveHeapWriter.cpp guarantee).
  private static Object subcommand(String name) {
    switch (name) {
      case "targets":
        return new TargetsCommand();
      case "check":
        return new CheckCommand();
      case "test":
        return new TestCommand();
      case "serve":
        return new ServeCommand();
      case "pushgateway":
        return new PushgatewayCommand();
      case "help":
        return new CommandLine.HelpCommand();
      default:
        return null;
    }
  }

  /** Standard output: a writer for text, and the raw stream for bulk JSON. */
  static final class Stdout extends PrintWriter {
    private final OutputStream stream;

    Stdout(OutputStream stream) {
      super(new Utf8Writer(stream, 1 << 16), false);
      this.stream = stream;
    }
  }

  /**
   * A byte stream onto {@code out}: the raw standard output when {@code out} is it (after flushing
   * the text written so far), else a buffer that {@link #closeBytes} copies into {@code out}
   * (tests).
   */
  static OutputStream openBytes(PrintWriter out) {
    if (out instanceof Stdout s) {
      s.flush();
      return s.stream;
    }
    return new ByteArrayOutputStream();
  }

  /** Finishes a stream from {@link #openBytes}. */
  static void closeBytes(PrintWriter out, OutputStream bytes) throws IOException {
    bytes.flush();
    if (bytes instanceof ByteArrayOutputStream b) {
      out.write(b.toString(StandardCharsets.UTF_8));
      out.flush();
    }
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
