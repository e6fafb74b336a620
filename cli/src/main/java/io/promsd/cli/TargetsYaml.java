package io.promsd.cli;

import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.internal.ScrapeJob;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The YAML view of {@code promsd targets} (strings always double-quoted, so always valid). */
final class TargetsYaml {
  private TargetsYaml() {}

  static void write(
      PrintWriter out,
      TargetSet set,
      List<String> jobs,
      Map<String, ScrapeJob> compiled,
      boolean explain) {
    out.println("version: " + set.version());
    out.println("jobs:");
    for (String name : jobs) {
      JobTargets t = set.jobs().get(name);
      if (t == null) {
        t = TargetsCommand.empty(compiled.get(name));
      }
      ScrapeJob job = compiled.get(name);
      out.println("  - job: " + GoText.quote(name));
      section(out, "active", t.active(), job, explain);
      section(out, "dropped", t.dropped(), job, explain);
      section(out, "failed", t.failed(), job, explain);
    }
  }

  private static void section(
      PrintWriter out, String name, List<ScrapeTarget> ts, ScrapeJob job, boolean explain) {
    if (ts.isEmpty()) {
      out.println("    " + name + ": []");
      return;
    }
    out.println("    " + name + ":");
    for (ScrapeTarget t : ts) {
      out.println("      - source: " + GoText.quote(t.source()));
      labels(out, "discoveredLabels", t.discoveredLabels());
      switch (t.state()) {
        case ACTIVE -> {
          labels(out, "labels", t.labels());
          out.println("        scrapeUrl: " + GoText.quote(job.settings().scrapeUrl(t.labels())));
        }
        case DROPPED -> out.println("        droppedBy: " + t.droppedBy());
        case FAILED -> out.println("        error: " + GoText.quote(t.error()));
      }
      if (explain) {
        out.println("        trace:");
        // the text trace, one YAML string per line (its first line is the "trace:" header)
        TargetsCommand.trace(job, t)
            .format("")
            .lines()
            .skip(1)
            .forEach(l -> out.println("          - " + GoText.quote(l.strip())));
      }
    }
  }

  private static void labels(PrintWriter out, String key, Labels l) {
    if (l.isEmpty()) {
      out.println("        " + key + ": {}");
      return;
    }
    out.println("        " + key + ":");
    for (int i = 0; i < l.size(); i++) {
      out.println("          " + GoText.quote(l.name(i)) + ": " + GoText.quote(l.value(i)));
    }
  }
}
