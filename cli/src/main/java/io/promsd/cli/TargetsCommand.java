package io.promsd.cli;

import io.promsd.relabel.ConfigException;
import io.promsd.relabel.RelabelTrace;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.Subscription;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.internal.ScrapeJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promsd targets}: the human view of what each job would scrape, and why. */
@Command(
    name = "targets",
    description =
        "Compute the targets of the jobs of a prometheus.yml: active targets with their final"
            + " labels, dropped targets with the rule that dropped them.")
final class TargetsCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    table,
    json,
    yaml
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "prometheus.yml")
  Path config;

  @Option(
      names = "--job",
      paramLabel = "JOB",
      description = "Only this job (repeatable). Default: every job.")
  List<String> jobs = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table (default), json or yaml.")
  Format output;

  @Mixin ConfigOptions options;

  @Option(names = "--explain", description = "Show what each relabel rule did to each target.")
  boolean explain;

  @Option(
      names = "--watch",
      description = "Keep running; print each change as discovery reports it (Ctrl-C stops).")
  boolean watch;

  @Option(
      names = "--timeout",
      converter = DurationOption.class,
      defaultValue = "30s",
      description = "Upper bound on the wait for the first complete discovery (default 30s).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrometheusConfig cfg;
    try {
      cfg = options.load(config);
    } catch (ConfigException e) {
      err.println("promsd: " + e.getMessage());
      return Main.FAILED;
    } catch (NoSuchFileException e) {
      err.println("promsd: " + config + ": no such file");
      return Main.FAILED;
    }
    List<String> selected = new ArrayList<>();
    for (String j : jobs) {
      if (cfg.scrapeConfig(j).isEmpty()) {
        err.println("promsd: job " + j + " not found; the config has: " + cfg.jobNames());
        return Main.FAILED;
      }
      selected.add(j);
    }
    if (selected.isEmpty()) {
      selected.addAll(new LinkedHashSet<>(cfg.jobNames()));
    }
    boolean unavailable = false;
    for (String j : selected) {
      for (io.promsd.sd.spi.SdConfig sd : cfg.scrapeConfig(j).get().sdConfigs()) {
        if (sd instanceof io.promsd.sd.internal.config.UnavailableSdConfig u) {
          err.println(
              "promsd: job "
                  + io.promsd.relabel.internal.config.GoText.quote(j)
                  + ": "
                  + u.message());
          unavailable = true;
          break;
        }
      }
    }
    if (unavailable) {
      return Main.FAILED; // the other jobs' targets would be a partial answer
    }
    Map<String, ScrapeJob> compiled = new HashMap<>();
    for (String j : selected) {
      compiled.put(j, ScrapeJob.of(cfg.scrapeConfig(j).get(), options.compat));
    }
    if (watch) {
      return watch(cfg, selected, compiled, out, err);
    }
    Discovery.Result res = Discovery.run(cfg, selected, timeout);
    reportHealth(res.health(), selected, err);
    if (!res.complete()) {
      err.println(Discovery.incomplete(timeout));
    }
    print(res.targets(), selected, compiled, out);
    out.flush();
    return res.complete() && Discovery.allHealthy(res.health(), selected) ? Main.OK : Main.FAILED;
  }

  private void reportHealth(List<ProviderHealth> health, List<String> selected, PrintWriter err) {
    for (String line : Discovery.problems(health, selected, timeout)) {
      err.println(line);
    }
  }

  private void print(
      TargetSet set, List<String> selected, Map<String, ScrapeJob> compiled, PrintWriter out)
      throws IOException {
    switch (output) {
      case table -> {
        for (String j : selected) {
          TargetsText.job(out, compiled.get(j), set.jobs().get(j), explain);
        }
      }
      case json -> {
        OutputStream bytes = Main.openBytes(out);
        TargetsJson.write(bytes, set, selected, compiled, explain, options.compat, true);
        Main.closeBytes(out, bytes);
        out.println();
      }
      case yaml -> TargetsYaml.write(out, set, selected, compiled, explain);
    }
  }

  /**
   * Prints the first complete state, then each published change, until Ctrl-C (a shutdown hook,
   * which waits for the manager to close) or until the calling thread is interrupted (embedders,
   * tests); both end cleanly with {@link Main#OK}.
   */
  private int watch(
      PrometheusConfig cfg,
      List<String> selected,
      Map<String, ScrapeJob> compiled,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread watcher = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              watcher.interrupt(); // also while it still waits for the first state
              try {
                closed.await(10, TimeUnit.SECONDS); // let the watch close before the JVM halts
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "promsd-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try (DiscoveryManager m = Discovery.start(cfg, selected)) {
      TargetSet first = m.awaitSettled(selected, timeout).orElse(null);
      if (first == null) {
        first = m.current();
        err.println(Discovery.incomplete(timeout));
        err.flush();
      }
      reportHealth(m.health(), selected, err);
      err.flush();
      // A closed stdout (`... --watch | head -1`) ends the watch: PrintWriter keeps the error.
      Watcher w = new Watcher(selected, compiled, out, m, stop::countDown);
      w.show(first);
      Subscription subscription = m.subscribe(w::show);
      try {
        stop.await();
      } finally {
        subscription.close();
      }
    } catch (InterruptedException e) {
      interrupted = true; // the thrown exception cleared the flag, so the closes above waited
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
    if (interrupted || Thread.currentThread().isInterrupted()) {
      Thread.currentThread().interrupt();
    }
    if (out.checkError()) {
      err.println("promsd: standard output is closed; the watch stopped");
      err.flush();
      return Main.FAILED;
    }
    return Main.OK;
  }

  /**
   * Prints each snapshot of a watch: with {@code --output json}, one JSON document per line per
   * snapshot (the whole target sets, as {@code targets --output json}); with yaml, one document per
   * snapshot; as a table, the full state once and then the changes.
   */
  private final class Watcher {
    private final List<String> selected;
    private final Map<String, ScrapeJob> compiled;
    private final PrintWriter out;
    private final DiscoveryManager manager;
    private final Runnable outputClosed;
    private TargetSet last;

    Watcher(
        List<String> selected,
        Map<String, ScrapeJob> compiled,
        PrintWriter out,
        DiscoveryManager manager,
        Runnable outputClosed) {
      this.selected = selected;
      this.compiled = compiled;
      this.out = out;
      this.manager = manager;
      this.outputClosed = outputClosed;
    }

    synchronized void show(TargetSet set) {
      if (last != null && set.version() <= last.version()) {
        return;
      }
      try {
        switch (output) {
          case json -> {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            TargetsJson.write(b, set, selected, compiled, explain, options.compat, false);
            out.println(b.toString(java.nio.charset.StandardCharsets.UTF_8));
          }
          case yaml -> {
            out.println("---");
            TargetsYaml.write(out, set, selected, compiled, explain);
          }
          case table -> {
            if (last == null) {
              print(set, selected, compiled, out);
            } else {
              TargetsText.changes(out, last, set, selected, compiled, latency(set));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (out.checkError()) { // flushes; true once a write failed (EPIPE)
        outputClosed.run();
        return;
      }
      last = set;
    }

    /** From the newest discoverer update to the snapshot that carries it. */
    private Duration latency(TargetSet set) {
      Instant newest = null;
      for (ProviderHealth h : manager.health()) {
        Instant u = h.lastUpdate();
        if (u != null && !u.isAfter(set.published()) && (newest == null || u.isAfter(newest))) {
          newest = u;
        }
      }
      return newest == null ? Duration.ZERO : Duration.between(newest, set.published());
    }
  }

  /** The trace of one target, for {@code --explain}. */
  static RelabelTrace trace(ScrapeJob job, ScrapeTarget t) {
    return job.relabeler().trace(t.discoveredLabels());
  }

  static JobTargets empty(ScrapeJob job) {
    return new JobTargets(job.name(), List.of(), List.of(), List.of(), job.settings(), false);
  }
}
