package io.promsd.cli;

import io.promsd.relabel.Compat;
import io.promsd.relabel.RelabelStep;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.internal.ScrapeJob;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The JSON view of {@code promsd targets}: {@code {"version": N, "jobs": [{"job", "active",
 * "dropped", "failed"}]}}, indented or (for {@code --watch}) on one line.
 */
final class TargetsJson {
  private TargetsJson() {}

  static void write(
      OutputStream w,
      TargetSet set,
      List<String> jobs,
      Map<String, ScrapeJob> compiled,
      boolean explain,
      Compat compat,
      boolean pretty)
      throws IOException {
    Out o = new Out(new JsonOut(w, compat == Compat.PROMETHEUS_3), pretty);
    o.raw("{");
    o.nl(1);
    o.raw("\"version\": " + set.version() + ",");
    o.nl(1);
    o.raw("\"jobs\": [");
    for (int j = 0; j < jobs.size(); j++) {
      String name = jobs.get(j);
      JobTargets t = set.jobs().get(name);
      if (t == null) {
        t = TargetsCommand.empty(compiled.get(name));
      }
      ScrapeJob sj = compiled.get(name);
      o.raw(j == 0 ? "" : ",");
      o.nl(2);
      o.raw("{");
      o.nl(3);
      o.raw("\"job\": ");
      o.json.string(name);
      o.raw(",");
      section(o, "active", t.active(), sj, explain);
      o.raw(",");
      section(o, "dropped", t.dropped(), sj, explain);
      o.raw(",");
      section(o, "failed", t.failed(), sj, explain);
      o.nl(2);
      o.raw("}");
    }
    o.nl(1);
    o.raw("]");
    o.nl(0);
    o.raw("}");
    o.json.flush();
  }

  private static void section(
      Out o, String name, List<ScrapeTarget> ts, ScrapeJob job, boolean explain)
      throws IOException {
    o.nl(3);
    o.raw("\"" + name + "\": [");
    for (int i = 0; i < ts.size(); i++) {
      ScrapeTarget t = ts.get(i);
      o.raw(i == 0 ? "" : ",");
      o.nl(4);
      o.raw("{");
      o.nl(5);
      o.raw("\"source\": ");
      o.json.string(t.source());
      o.raw(",");
      o.nl(5);
      o.raw("\"discoveredLabels\": ");
      o.labels(t.discoveredLabels(), 5);
      switch (t.state()) {
        case ACTIVE -> {
          o.raw(",");
          o.nl(5);
          o.raw("\"labels\": ");
          o.labels(t.labels(), 5);
          o.raw(",");
          o.nl(5);
          o.raw("\"scrapeUrl\": ");
          o.json.string(job.settings().scrapeUrl(t.labels()));
        }
        case DROPPED -> {
          o.raw(",");
          o.nl(5);
          o.raw("\"droppedBy\": " + t.droppedBy());
        }
        case FAILED -> {
          o.raw(",");
          o.nl(5);
          o.raw("\"error\": ");
          o.json.string(t.error());
        }
      }
      if (explain) {
        o.raw(",");
        o.nl(5);
        o.raw("\"steps\": [");
        List<RelabelStep> steps = TargetsCommand.trace(job, t).steps();
        for (int k = 0; k < steps.size(); k++) {
          RelabelStep s = steps.get(k);
          o.raw(k == 0 ? "" : ",");
          o.nl(6);
          o.raw("{\"rule\": " + s.index() + ", \"action\": ");
          o.json.string(s.rule().action() == null ? "" : s.rule().action().yamlName());
          o.raw(", \"matched\": " + s.matched() + ", \"keep\": " + !s.dropped() + ", \"output\": ");
          o.labels(s.after() == null ? io.promsd.relabel.Labels.empty() : s.after(), -1);
          o.raw("}");
        }
        o.nl(5);
        o.raw("]");
      }
      o.nl(4);
      o.raw("}");
    }
    if (!ts.isEmpty()) {
      o.nl(3);
    }
    o.raw("]");
  }

  /** JsonOut with optional indentation. */
  private static final class Out {
    final JsonOut json;
    final boolean pretty;

    Out(JsonOut json, boolean pretty) {
      this.json = json;
      this.pretty = pretty;
    }

    void raw(String s) throws IOException {
      json.raw(s);
    }

    void nl(int level) throws IOException {
      if (pretty) {
        json.indent(level);
      }
    }

    void labels(io.promsd.relabel.Labels l, int level) throws IOException {
      if (pretty && level >= 0) {
        json.labels(l, level);
      } else {
        json.compactLabels(l);
      }
    }
  }
}
