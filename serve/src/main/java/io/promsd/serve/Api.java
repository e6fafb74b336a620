package io.promsd.serve;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.RelabelStep;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.internal.ScrapeJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus's {@code /api/v1} answers for discovery ({@code web/api/v1/api.go}): {@code targets},
 * {@code scrape_pools}, {@code targets/relabel_steps} (3.x), {@code status/config} and {@code
 * status/buildinfo}, in the JSON shapes of the compat mode's Prometheus. Targets are reported as
 * Prometheus reports a target it has not scraped yet (promsd scrapes nothing).
 */
final class Api {
  /** An {@code apiError}: the HTTP status, Prometheus's {@code errorType} and the text. */
  record Error(int status, String type, String message) {}

  /** An answer: the {@code data} JSON or an error. */
  record Answer(String data, Error error) {}

  private final String listenAddress;
  private final String externalHost;
  private final String externalScheme;

  Api(String listenAddress, String externalHost, String externalScheme) {
    this.listenAddress = listenAddress;
    this.externalHost = externalHost;
    this.externalScheme = externalScheme;
  }

  /** The {@code {"status":"success","data":...}} or error envelope ({@code api.go} respond). */
  static String envelope(Answer a, boolean shortBf) {
    Json j = new Json(new StringBuilder(a.data() == null ? 128 : a.data().length() + 32), shortBf);
    j.beginObject();
    if (a.error() == null) {
      j.field("status", "success").name("data");
      StringBuilder sb = new StringBuilder(j.toString()).append(a.data()).append('}');
      return sb.toString();
    }
    j.field("status", "error")
        .field("errorType", a.error().type())
        .field("error", a.error().message());
    return j.endObject().toString();
  }

  /**
   * Writes the {@code data} of {@code GET /api/v1/targets} to {@code j}, flushing as it goes (the
   * answer for 100,000 targets is over 100 MiB).
   */
  void targets(ServeView v, String stateParam, String scrapePool, Json j)
      throws java.io.IOException {
    boolean v3 = v.compat() == Compat.PROMETHEUS_3;
    String state = stateParam == null ? "" : stateParam.toLowerCase(Locale.ROOT);
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    String pool = scrapePool == null ? "" : scrapePool;
    List<String> pools = new ArrayList<>(v.jobs().keySet());
    pools.sort(null);
    j.beginObject().name("activeTargets").beginArray();
    if (showActive) {
      for (String p : pools) {
        if (!pool.isEmpty() && !p.equals(pool)) {
          continue;
        }
        JobTargets t = v.set().job(p).orElse(null);
        ScrapeJob job = v.jobs().get(p);
        if (t == null || job == null) {
          continue;
        }
        for (ScrapeTarget a : t.active()) {
          activeTarget(j, job, a);
          j.maybeFlush();
        }
      }
    }
    j.endArray().name("droppedTargets").beginArray();
    if (showDropped) {
      for (String p : pools) {
        if (!pool.isEmpty() && !p.equals(pool)) {
          continue;
        }
        JobTargets t = v.set().job(p).orElse(null);
        if (t == null) {
          continue;
        }
        for (ScrapeTarget d : t.dropped()) {
          j.beginObject().name("discoveredLabels").labels(d.discoveredLabels());
          if (v3) {
            j.field("scrapePool", p);
          }
          j.endObject().maybeFlush();
        }
      }
    }
    j.endArray();
    if (v3) {
      // 3.x: every pool's count, whatever scrapePool says; null when dropped targets are not shown.
      j.name("droppedTargetCounts");
      if (showDropped) {
        j.beginObject();
        for (String p : pools) {
          JobTargets t = v.set().job(p).orElse(null);
          j.name(p).number(t == null ? 0 : t.dropped().size());
        }
        j.endObject();
      } else {
        j.nul();
      }
    }
    j.endObject();
  }

  private void activeTarget(Json j, ScrapeJob job, ScrapeTarget a) {
    Labels l = a.labels();
    ScrapeUrls.Url url = ScrapeUrls.of(job.config(), l);
    ScrapeUrls.Global g = ScrapeUrls.global(url, listenAddress, externalHost, externalScheme);
    j.beginObject();
    j.name("discoveredLabels").labels(a.discoveredLabels());
    j.name("labels").labels(l.withoutPrefix("__"));
    j.field("scrapePool", job.name());
    j.field("scrapeUrl", url.toString());
    j.field("globalUrl", g.url());
    j.field("lastError", g.error() == null ? "" : ": " + g.error());
    j.field("lastScrape", "0001-01-01T00:00:00Z");
    j.name("lastScrapeDuration").number(0);
    j.field("health", "unknown");
    j.field("scrapeInterval", l.get("__scrape_interval__"));
    j.field("scrapeTimeout", l.get("__scrape_timeout__"));
    j.endObject();
  }

  /**
   * {@code GET /api/v1/targets/metadata}: metadata comes from scrapes, so none, as Prometheus
   * answers for targets it has not scraped; the {@code limit} check is {@code api.go}'s
   * targetMetadata. ({@code match_target} is not parsed: promsd has no PromQL parser.)
   */
  Answer targetMetadata(String limit) {
    if (!limit.isEmpty()) {
      try {
        Long.parseLong(limit); // Go's strconv.Atoi on a 64-bit int
      } catch (NumberFormatException e) {
        return badData("limit must be a number");
      }
    }
    return new Answer("[]", null);
  }

  /** {@code GET /api/v1/scrape_pools}: every job, sorted. */
  Answer scrapePools(ServeView v) {
    List<String> pools = new ArrayList<>(v.jobs().keySet());
    pools.sort(null);
    Json j = new Json(new StringBuilder(), v.compat() == Compat.PROMETHEUS_3);
    j.beginObject().name("scrapePools").beginArray();
    pools.forEach(j::string);
    return new Answer(j.endArray().endObject().toString(), null);
  }

  /**
   * 3.x's {@code GET /api/v1/targets/relabel_steps} ({@code api.go} targetRelabelSteps): each rule,
   * the labels after it (empty once the target is dropped) and whether the target is still kept.
   */
  Answer relabelSteps(ServeView v, String scrapePool, String labelsJson) {
    if (scrapePool == null || scrapePool.isEmpty()) {
      return badData("no scrapePool parameter provided");
    }
    if (labelsJson == null || labelsJson.isEmpty()) {
      return badData("no labels parameter provided");
    }
    Labels input;
    try {
      input = parseLabels(labelsJson);
    } catch (IllegalArgumentException e) {
      return badData("error parsing labels: " + e.getMessage());
    }
    ScrapeJob job = v.jobs().get(scrapePool);
    if (job == null) {
      // scrape/manager.go ScrapePoolConfig
      return badData(
          "error retrieving scrape config: scrape pool "
              + io.promsd.relabel.internal.config.GoText.quote(scrapePool)
              + " not found");
    }
    RelabelTrace trace = job.relabeler().trace(input);
    List<RelabelConfig> rules = job.relabeler().rules();
    Json j = new Json(new StringBuilder(), true);
    j.beginObject().name("steps").beginArray();
    boolean keep = true;
    for (int i = 0; i < rules.size(); i++) {
      RelabelStep s = i < trace.steps().size() ? trace.steps().get(i) : null;
      if (keep && s != null && s.dropped()) {
        keep = false;
      }
      j.beginObject().name("rule");
      rule(j, rules.get(i));
      j.name("output").labels(keep && s != null ? s.after() : Labels.empty());
      j.name("keep").bool(keep);
      j.endObject();
    }
    return new Answer(j.endArray().endObject().toString(), null);
  }

  // relabel.Config's JSON tags (model/relabel/relabel.go): separator and replacement always, regex
  // always (a struct, so omitempty does not apply), the others only when set.
  private static void rule(Json j, RelabelConfig r) {
    j.beginObject();
    if (!r.sourceLabels().isEmpty()) {
      j.name("source_labels").beginArray();
      r.sourceLabels().forEach(j::string);
      j.endArray();
    }
    j.field("separator", r.separator());
    j.field("regex", r.regex());
    if (r.modulus() != 0) {
      j.name("modulus").number(r.modulus());
    }
    if (!r.targetLabel().isEmpty()) {
      j.field("target_label", r.targetLabel());
    }
    j.field("replacement", r.replacement());
    if (r.action() != null) {
      j.field("action", r.action().yamlName());
    }
    j.endObject();
  }

  /** {@code labels.Labels}'s UnmarshalJSON: an object of strings, Go's errors otherwise. */
  static Labels parseLabels(String json) {
    Node n;
    try {
      n = Documents.parseJson(json, "");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    if (n.isNull()) {
      return Labels.empty();
    }
    if (n.kind() != Node.Kind.MAPPING) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal " + jsonType(n) + " into Go value of type map[string]string");
    }
    Labels.Builder b = Labels.builder();
    for (Map.Entry<Node, Node> e : n.entries()) {
      Node val = e.getValue();
      if (val.isNull()) {
        b.set(e.getKey().text(), "");
        continue;
      }
      if (!val.isScalar() || !val.tag().equals("!!str")) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal " + jsonType(val) + " into Go value of type string");
      }
      b.set(e.getKey().text(), val.text());
    }
    return b.build();
  }

  private static String jsonType(Node n) {
    return switch (n.kind()) {
      case MAPPING -> "object";
      case SEQUENCE -> "array";
      case SCALAR ->
          switch (n.tag()) {
            case "!!str" -> "string";
            case "!!bool" -> "bool";
            default -> "number";
          };
    };
  }

  /** {@code GET /api/v1/status/config}: the config file with its secrets as {@code <secret>}. */
  Answer config(ServeView v) {
    Json j = new Json(new StringBuilder(), v.compat() == Compat.PROMETHEUS_3);
    j.beginObject().field("yaml", ConfigText.hideSecrets(v.configText()));
    return new Answer(j.endObject().toString(), null);
  }

  /** {@code GET /api/v1/status/buildinfo}: Prometheus's fields, with promsd's values. */
  Answer buildInfo(boolean v3, String version) {
    Json j = new Json(new StringBuilder(), v3);
    j.beginObject()
        .field("version", version)
        .field("revision", "")
        .field("branch", "")
        .field("buildUser", "")
        .field("buildDate", "")
        .field("goVersion", "java" + Runtime.version().feature());
    return new Answer(j.endObject().toString(), null);
  }

  static Answer badData(String message) {
    return new Answer(null, new Error(400, "bad_data", message));
  }
}
