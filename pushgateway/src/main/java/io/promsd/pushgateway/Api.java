package io.promsd.pushgateway;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.web.internal.WebResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/status} and {@code /api/v1/metrics} as api/v1/api.go (1.5.1) writes them: Go's
 * {@code encoding/json} with map keys sorted, numbers as {@code fmt.Sprint} strings, the CORS
 * headers on every answer.
 */
final class Api {
  private Api() {}

  private static final String[][] CORS = {
    {"Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin"},
    {"Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"},
    {"Access-Control-Allow-Origin", "*"},
    {"Access-Control-Expose-Headers", "Date"},
    {"Cache-Control", "no-cache, no-store, must-revalidate"},
  };

  static void cors(WebResponse w) throws IOException {
    for (String[] h : CORS) {
      w.header(h[0], h[1]);
    }
    w.status(200);
    w.output().close();
  }

  private static void respond(WebResponse w, String data) throws IOException {
    for (String[] h : CORS) {
      w.header(h[0], h[1]);
    }
    String body = "{\"status\":\"success\",\"data\":" + data + "}";
    w.send(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static void status(WebResponse w, Pushgateway.Settings s, Instant start) throws IOException {
    TreeMap<String, String> flags = new TreeMap<>();
    flags.put("log.format", s.logFormat);
    flags.put("log.level", s.logLevel);
    flags.put("persistence.file", s.persistenceFile == null ? "" : s.persistenceFile.toString());
    flags.put("persistence.interval", GoTime.duration(s.persistenceInterval));
    flags.put("push.disable-consistency-check", Boolean.toString(s.disableConsistencyCheck));
    flags.put("web.config.file", s.webConfigFile == null ? "" : s.webConfigFile.toString());
    flags.put("web.enable-admin-api", Boolean.toString(s.enableAdminApi));
    flags.put("web.enable-lifecycle", Boolean.toString(s.enableLifecycle));
    flags.put("web.external-url", s.externalUrl);
    flags.put("web.listen-address", String.join(",", s.listen));
    flags.put("web.route-prefix", s.routePrefixFlag);
    flags.put("web.systemd-socket", "false");
    flags.put("web.telemetry-path", s.telemetryPath);
    flags.put("push.ttl", GoTime.duration(s.ttl));
    TreeMap<String, String> build = new TreeMap<>();
    build.put("branch", "");
    build.put("buildDate", "");
    build.put("buildUser", "");
    build.put("goVersion", "java" + System.getProperty("java.version"));
    build.put("revision", "");
    build.put("version", "promsd-" + SelfMetrics.VERSION);
    StringBuilder sb = new StringBuilder("{\"build_information\":");
    stringMap(sb, build);
    sb.append(",\"flags\":");
    stringMap(sb, flags);
    sb.append(",\"start_time\":");
    str(sb, GoTime.rfc3339Nano(start.getEpochSecond() * 1_000_000_000L + start.getNano()));
    sb.append('}');
    respond(w, sb.toString());
  }

  static void metrics(WebResponse w, Store store) throws IOException {
    StringBuilder sb = new StringBuilder(4096);
    sb.append('[');
    List<Store.GroupView> groups = store.groups();
    for (int gi = 0; gi < groups.size(); gi++) {
      Store.GroupView g = groups.get(gi);
      if (gi > 0) {
        sb.append(',');
      }
      TreeMap<String, Runnable> keys = new TreeMap<>(Utf8::compare);
      keys.put("labels", () -> stringMap(sb, g.labels()));
      keys.put("last_push_successful", () -> sb.append(g.lastPushSuccessful()));
      for (Store.Stored s : g.families()) {
        keys.put(s.family().name, () -> family(sb, s.family(), s.writeNanos()));
      }
      keys.put(
          Store.PUSH_TIME,
          () ->
              family(
                  sb,
                  Store.gauge(Store.PUSH_TIME, Store.PUSH_TIME_HELP, g.gaugeLabels(), g.pushTime()),
                  g.pushWriteNanos()));
      keys.put(
          Store.PUSH_FAILURE,
          () ->
              family(
                  sb,
                  Store.gauge(
                      Store.PUSH_FAILURE,
                      Store.PUSH_FAILURE_HELP,
                      g.gaugeLabels(),
                      g.failureTime()),
                  g.failureWriteNanos()));
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Runnable> e : keys.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        str(sb, e.getKey());
        sb.append(':');
        e.getValue().run();
      }
      sb.append('}');
    }
    sb.append(']');
    respond(w, sb.toString());
  }

  private static void family(StringBuilder sb, Family f, long writeNanos) {
    sb.append("{\"time_stamp\":");
    str(sb, GoTime.rfc3339Nano(writeNanos));
    sb.append(",\"type\":");
    str(sb, f.type.name());
    if (f.help != null && !f.help.isEmpty()) {
      sb.append(",\"help\":");
      str(sb, f.help);
    }
    sb.append(",\"metrics\":[");
    for (int i = 0; i < f.metrics.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Family.Metric m = f.metrics.get(i);
      TreeMap<String, String> labels = new TreeMap<>();
      for (int k = 0; k < m.labels.length; k += 2) {
        labels.put(m.labels[k], m.labels[k + 1]);
      }
      sb.append('{');
      switch (f.type) {
        case SUMMARY -> {
          Family.Summary s = m.summary;
          str(sb, "count");
          sb.append(':');
          str(sb, s == null || s.sampleCount == null ? "0" : Long.toUnsignedString(s.sampleCount));
          sb.append(",\"labels\":");
          stringMap(sb, labels);
          sb.append(",\"quantiles\":");
          TreeMap<String, String> q = new TreeMap<>();
          if (s != null) {
            for (double[] x : s.quantiles) {
              q.put(GoFloat.g(x[0]), GoFloat.g(x[1]));
            }
          }
          stringMap(sb, q);
          sb.append(",\"sum\":");
          str(sb, GoFloat.g(s == null || s.sampleSum == null ? 0 : s.sampleSum));
        }
        case HISTOGRAM -> {
          Family.Histogram h = m.histogram;
          TreeMap<String, String> b = new TreeMap<>();
          if (h != null) {
            for (Family.Bucket x : h.buckets) {
              b.put(
                  GoFloat.g(x.upperBound == null ? 0 : x.upperBound),
                  x.cumulativeCount == null ? "0" : Long.toUnsignedString(x.cumulativeCount));
            }
          }
          sb.append("\"buckets\":");
          stringMap(sb, b);
          sb.append(",\"count\":");
          str(sb, h == null || h.sampleCount == null ? "0" : Long.toUnsignedString(h.sampleCount));
          sb.append(",\"labels\":");
          stringMap(sb, labels);
          sb.append(",\"sum\":");
          str(sb, GoFloat.g(h == null || h.sampleSum == null ? 0 : h.sampleSum));
        }
        default -> {
          sb.append("\"labels\":");
          stringMap(sb, labels);
          sb.append(",\"value\":");
          str(sb, GoFloat.g(m.simpleValue()));
        }
      }
      sb.append('}');
    }
    sb.append("]}");
  }

  private static void stringMap(StringBuilder sb, Map<String, String> m) {
    // encoding/json sorts map keys by their bytes
    TreeMap<String, String> sorted = new TreeMap<>(Utf8::compare);
    sorted.putAll(m);
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      str(sb, e.getKey());
      sb.append(':');
      str(sb, e.getValue());
    }
    sb.append('}');
  }

  private static void str(StringBuilder sb, String s) {
    GoText.appendJsonString(sb, s, false);
  }
}
