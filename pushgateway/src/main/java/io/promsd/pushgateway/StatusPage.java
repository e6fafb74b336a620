package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page at {@code /} and {@code /status}: every group with its labels, last push and failure
 * times and its metrics, then the flags. Server-rendered, self-contained (no scripts, no assets),
 * so it works in any browser and behind any proxy.
 */
final class StatusPage {
  private StatusPage() {}

  /** The most groups the page shows, so that a gateway holding many still answers quickly. */
  static final int MAX_GROUPS = 1000;

  static String render(Store store, Pushgateway.Settings s, Instant start) {
    List<Store.GroupView> groups = store.groups();
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"robots\" content=\"noindex,nofollow\">\n")
        .append("<title>Prometheus Pushgateway</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:0;color:#222}")
        .append("header{background:#333;color:#fff;padding:.6em 1em;font-size:1.2em}")
        .append("main{padding:1em}")
        .append(".group{border:1px solid #ccc;border-radius:4px;margin:.6em 0}")
        .append(".group>summary{padding:.5em;cursor:pointer;background:#f5f5f5}")
        .append(".label{display:inline-block;border-radius:3px;padding:0 .4em;margin-right:.3em;")
        .append("background:#17a2b8;color:#fff;font-size:.9em}")
        .append(".label.job{background:#e0a800;color:#222}.label.instance{background:#007bff}")
        .append(
            ".failed{background:#dc3545;color:#fff;border-radius:8px;padding:0 .5em;margin-left:.5em}")
        .append(".times{color:#555;font-size:.9em;margin-left:.5em}")
        .append("pre{margin:0;padding:.6em;background:#fff;overflow-x:auto}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}")
        .append("\n</style>\n</head>\n<body>\n<header>Pushgateway</header>\n<main>\n");
    h.append("<h2>Metric groups (<span id=\"group-count\">")
        .append(groups.size())
        .append("</span>)</h2>\n");
    if (groups.isEmpty()) {
      h.append("<p id=\"no-groups\">No metrics pushed yet.</p>\n");
    }
    int i = 0;
    for (Store.GroupView g : groups) {
      if (i == MAX_GROUPS) {
        h.append("<p id=\"more-groups\">and ")
            .append(groups.size() - MAX_GROUPS)
            .append(" more groups, not shown (all are in <code>/api/v1/metrics</code>).</p>\n");
        break;
      }
      // a few groups are shown open; many start folded
      h.append("<details class=\"group\" id=\"group-")
          .append(i++)
          .append(groups.size() <= 5 ? "\" open>\n<summary>" : "\">\n<summary>");
      for (Map.Entry<String, String> e : g.labels().entrySet()) {
        String cls =
            e.getKey().equals("job")
                ? "label job"
                : e.getKey().equals("instance") ? "label instance" : "label";
        h.append("<span class=\"").append(cls).append("\">");
        esc(h, e.getKey() + "=\"" + e.getValue() + "\"");
        h.append("</span>");
      }
      if (!g.lastPushSuccessful()) {
        h.append("<span class=\"failed\">Last push failed!</span>");
      }
      h.append("<span class=\"times\">last push: ");
      time(h, g.pushTime());
      h.append(", last failure: ");
      time(h, g.failureTime());
      h.append("</span></summary>\n<pre class=\"metrics\">");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<Store.Stored> fams = new ArrayList<>(g.families());
      fams.sort((a, b) -> Utf8.compare(a.family().name, b.family().name));
      for (Store.Stored st : fams) {
        List<Family.Metric> ms = new ArrayList<>(st.family().metrics);
        ms.sort(Exposition.METRIC_ORDER);
        if (!ms.isEmpty()) {
          TextFormat.write(st.family(), ms, out);
        }
      }
      esc(h, out.toString(StandardCharsets.UTF_8));
      h.append("</pre>\n</details>\n");
    }
    h.append("<h2>Status</h2>\n<table id=\"flags\">\n");
    row(h, "started", Instant.ofEpochSecond(start.getEpochSecond()).toString());
    row(h, "web.route-prefix", s.routePrefix);
    row(h, "web.telemetry-path", s.telemetryPath);
    row(h, "persistence.file", s.persistenceFile == null ? "" : s.persistenceFile.toString());
    row(h, "persistence.interval", GoTime.duration(s.persistenceInterval));
    row(h, "push.ttl", GoTime.duration(s.ttl));
    row(h, "push.disable-consistency-check", Boolean.toString(s.disableConsistencyCheck));
    row(h, "web.enable-admin-api", Boolean.toString(s.enableAdminApi));
    row(h, "web.enable-lifecycle", Boolean.toString(s.enableLifecycle));
    h.append("</table>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void time(StringBuilder h, double unixSeconds) {
    if (unixSeconds == 0) {
      h.append("never");
      return;
    }
    long ms = (long) (unixSeconds * 1000);
    h.append("<time>").append(Instant.ofEpochMilli(ms)).append("</time>");
  }

  private static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>");
    esc(h, k);
    h.append("</th><td>");
    esc(h, v);
    h.append("</td></tr>\n");
  }

  static void esc(StringBuilder h, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> h.append("&lt;");
        case '>' -> h.append("&gt;");
        case '&' -> h.append("&amp;");
        case '"' -> h.append("&#34;");
        case '\'' -> h.append("&#39;");
        default -> h.append(c);
      }
    }
  }
}
