package io.promsd.cli;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeJob;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The table view of {@code promsd targets}. */
final class TargetsText {
  private TargetsText() {}

  static void job(PrintWriter out, ScrapeJob job, JobTargets t, boolean explain) {
    if (t == null) {
      t = TargetsCommand.empty(job.name());
    }
    out.printf(
        "job %s: %d active, %d dropped, %d failed%n",
        io.promsd.relabel.config.GoText.quote(job.name()),
        t.active().size(),
        t.dropped().size(),
        t.failed().size());
    for (ScrapeTarget a : t.active()) {
      out.println("  ACTIVE   " + TargetsCommand.scrapeUrl(job.config(), a.labels()));
      out.println("           " + publicLabels(a.labels()));
      if (explain) {
        TraceText.print(out, TargetsCommand.trace(job, a), "             ");
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
        out.println("           discovered " + d.discoveredLabels());
        TraceText.print(out, TargetsCommand.trace(job, d), "             ");
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
        out.println("           discovered " + f.discoveredLabels());
        TraceText.print(out, TargetsCommand.trace(job, f), "             ");
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

  /** The difference between two snapshots, one line per change. */
  static void changes(
      PrintWriter out, TargetSet before, TargetSet after, List<String> jobs, Duration latency) {
    out.printf(
        "update %d (%d ms after the last discovery update)%n", after.version(), latency.toMillis());
    for (String j : jobs) {
      Map<String, String> was = byKey(before.job(j));
      Map<String, String> now = byKey(after.job(j));
      for (Map.Entry<String, String> e : now.entrySet()) {
        String old = was.get(e.getKey());
        if (old == null) {
          out.println("  + " + j + "  " + e.getKey() + "  " + e.getValue());
        } else if (!old.equals(e.getValue())) {
          out.println("  ~ " + j + "  " + e.getKey() + "  " + e.getValue());
        }
      }
      for (String k : was.keySet()) {
        if (!now.containsKey(k)) {
          out.println("  - " + j + "  " + k);
        }
      }
    }
  }

  /** Each target of a job, keyed by group source and position, described in one line. */
  private static Map<String, String> byKey(JobTargets t) {
    Map<String, String> m = new HashMap<>();
    if (t != null) {
      for (ScrapeTarget a : t.active()) {
        m.put(a.source() + "[" + a.index() + "]", a.labels().toString());
      }
      for (ScrapeTarget d : t.dropped()) {
        m.put(d.source() + "[" + d.index() + "]", "dropped by rule " + d.droppedBy());
      }
      for (ScrapeTarget f : t.failed()) {
        m.put(f.source() + "[" + f.index() + "]", "failed: " + f.error());
      }
    }
    return m;
  }
}
