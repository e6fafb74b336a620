package io.promsd.cli;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.internal.ScrapeJob;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table view of {@code promsd targets}. */
final class TargetsText {
  private TargetsText() {}

  static void job(PrintWriter out, ScrapeJob job, JobTargets t, boolean explain) {
    if (t == null) {
      t = TargetsCommand.empty(job);
    }
    out.printf(
        java.util.Locale.ROOT,
        "job %s: %d active, %d dropped, %d failed%n",
        io.promsd.relabel.internal.config.GoText.quote(job.name()),
        t.active().size(),
        t.dropped().size(),
        t.failed().size());
    for (ScrapeTarget a : t.active()) {
      out.println("  ACTIVE   " + job.settings().scrapeUrl(a.labels()));
      out.println("           " + publicLabels(a.labels()));
      if (explain) {
        out.print(TargetsCommand.trace(job, a).format("           "));
      }
    }
    for (ScrapeTarget d : t.dropped()) {
      out.println(
          "  DROPPED  "
              + d.discoveredLabels().get("__address__")
              + "  by rule "
              + d.droppedBy()
              + " "
              + describe(job.relabeler().rules().get(d.droppedBy())));
      if (explain) {
        out.print(TargetsCommand.trace(job, d).format("           "));
      }
    }
    for (ScrapeTarget f : t.failed()) {
      out.println(
          "  FAILED   "
              + f.discoveredLabels().get("__address__")
              + "  instance "
              + f.index()
              + " in group "
              + f.source()
              + ": "
              + f.error());
      if (explain) {
        out.print(TargetsCommand.trace(job, f).format("           "));
      }
    }
    out.println();
  }

  static String describe(RelabelConfig r) {
    return r.toString();
  }

  /** The labels a scraped series gets: final labels without the {@code __} ones. */
  static Labels publicLabels(Labels l) {
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < l.size(); i++) {
      if (!l.name(i).startsWith("__")) {
        b.set(l.name(i), l.value(i));
      }
    }
    return b.build();
  }

  /**
   * The difference between two snapshots, one line per target added ({@code +}), changed ({@code
   * ~}) or removed ({@code -}), keyed by group source and position: an active target shows its
   * scrape URL and public labels, as the table does.
   */
  static void changes(
      PrintWriter out,
      TargetSet before,
      TargetSet after,
      List<String> jobs,
      Map<String, ScrapeJob> compiled,
      Duration latency) {
    out.printf(
        java.util.Locale.ROOT,
        "update %d (%d ms after the last discovery update)%n",
        after.version(),
        latency.toMillis());
    for (String j : jobs) {
      Map<String, ScrapeTarget> was = byKey(before.jobs().get(j));
      Map<String, ScrapeTarget> now = byKey(after.jobs().get(j));
      for (Map.Entry<String, ScrapeTarget> e : now.entrySet()) {
        ScrapeTarget old = was.get(e.getKey());
        if (old == null) {
          out.println(
              "  + " + j + "  " + e.getKey() + "  " + describe(compiled.get(j), e.getValue()));
        } else if (!same(old, e.getValue())) {
          out.println(
              "  ~ " + j + "  " + e.getKey() + "  " + describe(compiled.get(j), e.getValue()));
        }
      }
      for (String k : was.keySet()) {
        if (!now.containsKey(k)) {
          out.println("  - " + j + "  " + k);
        }
      }
    }
  }

  private static boolean same(ScrapeTarget a, ScrapeTarget b) {
    return a.state() == b.state()
        && a.labels().equals(b.labels())
        && a.droppedBy() == b.droppedBy()
        && java.util.Objects.equals(a.error(), b.error());
  }

  private static String describe(ScrapeJob job, ScrapeTarget t) {
    return switch (t.state()) {
      case ACTIVE -> job.settings().scrapeUrl(t.labels()) + "  " + publicLabels(t.labels());
      case DROPPED -> "dropped by rule " + t.droppedBy();
      case FAILED -> "failed: " + t.error();
    };
  }

  /** Each target of a job, keyed by group source and position. */
  private static Map<String, ScrapeTarget> byKey(JobTargets t) {
    Map<String, ScrapeTarget> m = new LinkedHashMap<>();
    if (t != null) {
      for (List<ScrapeTarget> ts : List.of(t.active(), t.dropped(), t.failed())) {
        for (ScrapeTarget x : ts) {
          m.put(x.source() + "[" + x.index() + "]", x);
        }
      }
    }
    return m;
  }
}
