package io.promsd.cli;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.config.StaticSdConfig;
import io.promsd.sd.file.FileSdConfig;
import io.promsd.sd.file.internal.GroupFiles;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promsd check ...}: the promtool-compatible checks. */
@Command(
    name = "check",
    description = "Check a config or compute a job's targets the way promtool does.",
    subcommands = {CheckCommand.Config.class, CheckCommand.ServiceDiscovery.class})
final class CheckCommand {

  /** The text promtool prints for a config that does not load. */
  static String loadError(ConfigException e, Path config) {
    String mainFile = config.toString();
    if (e.file() != null && !e.file().equals(mainFile)) {
      return "error loading scrape configs: " + e.reason();
    }
    return "parsing YAML file " + mainFile + ": " + e.reason();
  }

  /** Where promsd found the problem, when it knows more than promtool prints. */
  static String location(ConfigException e) {
    if (e.line() <= 0 && e.job() == null && e.ruleIndex() < 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder("    at ");
    sb.append(e.file() == null ? "<config>" : e.file());
    if (e.line() > 0) {
      sb.append(':').append(e.line());
    }
    if (e.job() != null) {
      sb.append(", job \"").append(e.job()).append('"');
    }
    if (e.ruleIndex() >= 0) {
      sb.append(", relabel rule ").append(e.ruleIndex());
    }
    return sb.toString();
  }

  /** {@code promsd check config}: promtool's {@code check config}. */
  @Command(
      name = "config",
      description = "Check prometheus.yml files as promtool check config does.")
  static final class Config implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "prometheus.yml files")
    List<Path> files;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      boolean failed = false;
      for (Path f : files) {
        out.println("Checking " + f);
        try {
          PrometheusConfig cfg = options.load(f);
          int ruleFiles = checkContents(cfg, out);
          if (ruleFiles > 0) {
            out.println("  SUCCESS: " + ruleFiles + " rule files found");
          }
          out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
        } catch (ConfigException e) {
          failed = true;
          err.println("  FAILED: " + loadError(e, f));
          String at = location(e);
          if (at != null) {
            err.println(at);
          }
        } catch (CheckFailure e) {
          failed = true;
          err.println("  FAILED: " + e.getMessage());
        } catch (NoSuchFileException e) {
          failed = true;
          err.println("  FAILED: open " + f + ": no such file or directory");
        } catch (IOException e) {
          failed = true;
          err.println("  FAILED: " + e.getMessage());
        }
        out.println();
      }
      out.flush();
      err.flush();
      return failed ? Main.FAILED : Main.OK;
    }

    /**
     * What promtool checks beyond loading: rule file globs, file SD files (parsed, their targets
     * populated) and static targets; returns the number of rule files.
     */
    private int checkContents(PrometheusConfig cfg, PrintWriter out)
        throws IOException, CheckFailure {
      int ruleFiles = 0;
      for (String rf : cfg.ruleFiles()) {
        String joined = GoPath.joinDir(cfg.file() == null ? null : GoPath.dir(cfg.file()), rf);
        List<String> matches;
        try {
          matches = GoPath.glob(joined, options.workingDir);
        } catch (GoPath.BadPatternException e) {
          throw new CheckFailure(e.getMessage());
        }
        if (!rf.contains("*") && matches.isEmpty()) {
          throw new CheckFailure(
              io.promsd.relabel.internal.config.GoText.quote(joined)
                  + " does not point to an existing file");
        }
        ruleFiles += matches.size();
      }
      for (ScrapeConfig sc : cfg.scrapeConfigs()) {
        ScrapeJob job = ScrapeJob.of(sc, cfg.compat());
        checkHttpFiles(sc.httpClientConfig());
        for (SdConfig sd : sc.sdConfigs()) {
          if (sd instanceof FileSdConfig fsd) {
            for (String pattern : fsd.files()) {
              List<String> matches;
              try {
                matches = GoPath.glob(pattern, options.workingDir);
              } catch (GoPath.BadPatternException e) {
                throw new CheckFailure(e.getMessage());
              }
              if (matches.isEmpty()) {
                out.println(
                    "  WARNING: file "
                        + io.promsd.relabel.internal.config.GoText.quote(pattern)
                        + " for file_sd in scrape job "
                        + io.promsd.relabel.internal.config.GoText.quote(sc.jobName())
                        + " does not exist");
                continue;
              }
              for (String m : matches) {
                List<TargetGroup> groups;
                try {
                  groups = GroupFiles.readUnlabeled(m, options.workingDir, cfg.compat());
                } catch (ConfigException e) {
                  throw new CheckFailure(
                      "checking SD file "
                          + io.promsd.relabel.internal.config.GoText.quote(pattern)
                          + ": "
                          + e.reason());
                } catch (IOException e) {
                  throw new CheckFailure(
                      "checking SD file "
                          + io.promsd.relabel.internal.config.GoText.quote(pattern)
                          + ": "
                          + e.getMessage());
                }
                for (TargetGroup g : groups) {
                  firstFailure(job, g); // promtool's own read: no source, no __meta_filepath
                }
              }
            }
          } else if (sd instanceof StaticSdConfig st) {
            for (TargetGroup g : st.groups()) {
              firstFailure(job, g);
            }
          }
        }
      }
      // cmd/promtool/main.go checkConfig: then the file SD files of the Alertmanager configs.
      for (SdConfig sd : cfg.alertmanagerSdConfigs()) {
        if (!(sd instanceof FileSdConfig fsd)) {
          continue;
        }
        for (String pattern : fsd.files()) {
          List<String> matches;
          try {
            matches = GoPath.glob(pattern, options.workingDir);
          } catch (GoPath.BadPatternException e) {
            throw new CheckFailure(e.getMessage());
          }
          if (matches.isEmpty()) {
            out.println(
                "  WARNING: file "
                    + GoText.quote(pattern)
                    + " for file_sd in alertmanager config does not exist");
            continue;
          }
          for (String m : matches) {
            try {
              GroupFiles.readUnlabeled(m, options.workingDir, cfg.compat());
            } catch (ConfigException | IOException e) {
              throw new CheckFailure(
                  "checking SD file "
                      + GoText.quote(pattern)
                      + ": "
                      + (e instanceof ConfigException c ? c.reason() : e.getMessage()));
            }
          }
        }
      }
      return ruleFiles;
    }

    /** promtool's checks of a job's credential and TLS files (checkConfig, checkTLSConfig). */
    private void checkHttpFiles(HttpClientConfig http) throws CheckFailure {
      if (http.authorization() != null) {
        String f = http.authorization().credentialsFile();
        if (f != null && !f.isEmpty() && !Files.exists(options.workingDir.resolve(f))) {
          throw new CheckFailure(
              "error checking authorization credentials or bearer token file "
                  + GoText.quote(f)
                  + ": stat "
                  + f
                  + ": no such file or directory");
        }
      }
      TlsConfig tls = http.tlsConfig();
      String cert = tls.certFile() == null ? "" : tls.certFile();
      String key = tls.keyFile() == null ? "" : tls.keyFile();
      if (!cert.isEmpty() && key.isEmpty()) {
        throw new CheckFailure(
            "client cert file " + GoText.quote(cert) + " specified without client key file");
      }
      if (!key.isEmpty() && cert.isEmpty()) {
        throw new CheckFailure(
            "client key file " + GoText.quote(key) + " specified without client cert file");
      }
      for (String[] f : new String[][] {{"client cert", cert}, {"client key", key}}) {
        if (!f[1].isEmpty() && !Files.exists(options.workingDir.resolve(f[1]))) {
          throw new CheckFailure(
              "error checking "
                  + f[0]
                  + " file "
                  + GoText.quote(f[1])
                  + ": stat "
                  + f[1]
                  + ": no such file or directory");
        }
      }
    }

    private static void firstFailure(ScrapeJob job, TargetGroup g) throws CheckFailure {
      for (ScrapeTarget t : job.targets(g)) {
        if (t.error() != null) {
          throw new CheckFailure(
              "instance " + t.index() + " in group " + g.source() + ": " + t.error());
        }
      }
    }
  }

  /**
   * The manager's results arranged by group source and position, so the targets are not relabeled a
   * second time; a result the manager did not keep (a dropped target beyond {@code
   * keep_dropped_targets}) is left null and recomputed.
   */
  private static Map<String, ScrapeTarget[]> byGroup(List<TargetGroup> groups, JobTargets t) {
    Map<String, ScrapeTarget[]> out = new HashMap<>();
    for (TargetGroup g : groups) {
      if (out.put(g.source(), new ScrapeTarget[g.targets().size()]) != null) {
        return Map.of(); // a source reported twice: recompute rather than guess
      }
    }
    if (t == null) {
      return out;
    }
    for (List<ScrapeTarget> list : List.of(t.active(), t.dropped(), t.failed())) {
      for (ScrapeTarget s : list) {
        ScrapeTarget[] slot = out.get(s.source());
        if (slot != null && s.index() < slot.length) {
          slot[s.index()] = s;
        }
      }
    }
    return out;
  }

  /**
   * promtool's per-source de-duplication. Equal results need equal labels and errors, so the costly
   * part of the key (3.x: the discovered labels; 2.42: its corrupted discovered slots, see {@link
   * Promtool242}) is computed only for results whose cheap part collides.
   */
  static final class Dedup {
    private final ScrapeJob job;
    private TargetGroup group; // the group of the results being added
    // cheap key -> the first result with it (full key not computed yet), or the set of full keys
    private final Map<List<Object>, Object> byCheapKey = new HashMap<>();

    Dedup(ScrapeJob job) {
      this.job = job;
    }

    // 2.42: the full key of the last result add() accepted, when it computed one
    Promtool242.Key lastKey;

    /** Whether {@code t} is new in this source (and records it). */
    boolean add(ScrapeTarget t) {
      lastKey = null;
      List<Object> cheap = Arrays.asList(t.labels(), t.error());
      Object seen = byCheapKey.get(cheap);
      if (seen == null) {
        byCheapKey.put(cheap, new Pending(t, group));
        return true;
      }
      @SuppressWarnings("unchecked")
      Set<Object> keys =
          seen instanceof Pending p
              ? new HashSet<>(List.of(fullKey(p.target, p.group)))
              : (Set<Object>) seen;
      byCheapKey.put(cheap, keys);
      Object key = fullKey(t, group);
      if (key instanceof Promtool242.Key k) {
        lastKey = k;
      }
      return keys.add(key);
    }

    private record Pending(ScrapeTarget target, TargetGroup group) {}

    private Object fullKey(ScrapeTarget t, TargetGroup g) {
      return job.compat() == Compat.PROMETHEUS_2
          ? Promtool242.key(job, g.targets().get(t.index()), g.labels(), t)
          : t.discoveredLabels();
    }
  }

  /** A check that failed after the config loaded. */
  static final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CheckFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code promsd check service-discovery}: promtool's JSON of a job's targets. */
  @Command(
      name = "service-discovery",
      description =
          "Print a job's targets as promtool check service-discovery does (the same JSON), but"
              + " return as soon as discovery is complete.")
  static final class ServiceDiscovery implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "prometheus.yml")
    Path config;

    @Parameters(index = "1", paramLabel = "JOB", description = "the job to compute")
    String job;

    @Mixin ConfigOptions options;

    @Option(
        names = "--timeout",
        converter = DurationOption.class,
        defaultValue = "30s",
        description = "Upper bound on the wait for discovery (default 30s).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      PrometheusConfig cfg;
      try {
        cfg = options.load(config);
      } catch (ConfigException e) {
        err.println("Cannot load config " + loadError(e, config));
        String at = location(e);
        if (at != null) {
          err.println(at);
        }
        return Main.FAILED;
      } catch (NoSuchFileException e) {
        err.println("Cannot load config open " + config + ": no such file or directory");
        return Main.FAILED;
      }
      if (cfg.scrapeConfig(job).isEmpty()) {
        err.println("Job " + job + " not found. Select one of:");
        for (String j : cfg.jobNames()) {
          err.println("\t" + j);
        }
        return Main.FAILED;
      }
      // cmd/promtool/sd.go CheckSD creates each discoverer of the job before running any.
      for (io.promsd.sd.spi.SdConfig sd : cfg.scrapeConfig(job).get().sdConfigs()) {
        if (sd instanceof io.promsd.sd.internal.config.UnavailableSdConfig u) {
          err.println("promsd: job " + GoText.quote(job) + ": " + u.message());
          return Main.FAILED;
        }
        try {
          sd.newDiscoverer();
        } catch (RuntimeException e) {
          err.println(
              "Could not create new discoverer "
                  + (e instanceof ConfigException c ? c.reason() : e.getMessage()));
          return Main.FAILED;
        }
      }
      Discovery.Result res = Discovery.run(cfg, List.of(job), timeout);
      // promtool logs a failed refresh and still exits 0 with what it has (recorded by
      // testdata/e2e/gen/record_failing_sd.sh); so does this, naming what failed first.
      for (String line : Discovery.problems(res.health(), List.of(job), timeout)) {
        err.println(line);
      }
      if (!res.complete()) {
        err.println(Discovery.incomplete(timeout));
      }
      ScrapeJob sj = ScrapeJob.of(cfg.scrapeConfig(job).get(), options.compat);
      PrintWriter out = spec.commandLine().getOut();
      OutputStream bytes = Main.openBytes(out);
      write(bytes, sj, res.groups().get(job), res.targets().jobs().get(job));
      Main.closeBytes(out, bytes);
      return Main.OK;
    }
  }

  /**
   * Writes promtool's {@code check service-discovery} array for a job: per group source, the
   * results de-duplicated as the compat mode's promtool does.
   */
  static void write(OutputStream os, ScrapeJob job, List<TargetGroup> groups, JobTargets computed)
      throws IOException {
    Compat compat = job.compat();
    JsonOut json = new JsonOut(os, compat == Compat.PROMETHEUS_3);
    // Two stages on two cores: a thread decides what promtool would print (its de-duplication is
    // the costly part), this one writes the JSON. The queue keeps group order.
    BlockingQueue<List<ScrapeTarget>> ready = new ArrayBlockingQueue<>(256);
    List<ScrapeTarget> end = new ArrayList<>(0);
    Thread decider =
        new Thread(() -> decide(job, groups, computed, ready, end), "promsd-check-dedup");
    decider.setDaemon(true);
    decider.start();
    boolean first = true;
    try {
      for (List<ScrapeTarget> batch = ready.take(); batch != end; batch = ready.take()) {
        for (ScrapeTarget t : batch) {
          json.raw(first ? "[" : ",");
          first = false;
          entry(json, t, compat);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      decider.interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
    json.raw(first ? "[]" : "\n]");
    json.flush();
  }

  /** The entries promtool prints, group by group, onto {@code ready}; then {@code end}. */
  private static void decide(
      ScrapeJob job,
      List<TargetGroup> groups,
      JobTargets computed,
      BlockingQueue<List<ScrapeTarget>> ready,
      List<ScrapeTarget> end) {
    try {
      Map<String, ScrapeTarget[]> bySource = byGroup(groups, computed);
      Map<String, Dedup> dedups = new HashMap<>();
      for (TargetGroup g : groups) {
        // promtool compares each result with the earlier ones of the same source only (two
        // providers can report the same source: one list, as in promtool's map).
        Dedup seen = dedups.computeIfAbsent(g.source(), s -> new Dedup(job));
        seen.group = g;
        ScrapeTarget[] results = bySource.get(g.source());
        List<ScrapeTarget> batch = new ArrayList<>(g.targets().size());
        for (int i = 0; i < g.targets().size(); i++) {
          ScrapeTarget t = results == null ? null : results[i];
          if (t == null) {
            t = job.target(g.targets().get(i), g.labels(), g.source(), i);
          }
          if (seen.add(t)) {
            batch.add(
                job.compat() == Compat.PROMETHEUS_2 ? printed242(job, g, t, seen.lastKey) : t);
          }
        }
        ready.put(batch);
      }
      ready.put(end);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The result with the discovered labels promtool 2.42 prints: its relabel rules wrote their
   * results into the discovered labels' array ({@link Promtool242}), so what it shows is a mix of
   * the discovered labels and the rules' outputs. A job without rules shows the true ones.
   */
  private static ScrapeTarget printed242(
      ScrapeJob job, TargetGroup g, ScrapeTarget t, Promtool242.Key key) {
    if (t.error() != null || job.relabeler().rules().isEmpty() || t.droppedBy() == 0) {
      return t;
    }
    if (key == null) {
      key = Promtool242.key(job, g.targets().get(t.index()), g.labels(), t);
    }
    Labels shown = Promtool242.printed(key);
    if (shown.equals(t.discoveredLabels())) {
      return t;
    }
    return new ScrapeTarget(shown, t.labels(), t.source(), t.index(), t.droppedBy(), t.error());
  }

  private static void entry(JsonOut json, ScrapeTarget t, Compat compat) throws IOException {
    json.indent(1);
    json.raw("{");
    json.indent(2);
    json.raw("\"discoveredLabels\": ");
    boolean failed = t.error() != null;
    // 2.42 prints no discovered labels for a failed target.
    json.labels(failed && compat == Compat.PROMETHEUS_2 ? Labels.empty() : t.discoveredLabels(), 2);
    json.raw(",");
    json.indent(2);
    json.raw("\"labels\": ");
    json.labels(t.labels(), 2);
    if (failed) {
      json.raw(",");
      json.indent(2);
      json.raw("\"error\": {}");
    }
    json.indent(1);
    json.raw("}");
  }
}
