package io.promsd.serve;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelAction;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's active targets in the {@code http_sd_configs} format ({@code discovery/http/http.go}):
 * one group per target, {@code __address__} as its target and every other final label (including
 * {@code job}, {@code instance}, {@code __scheme__}, {@code __metrics_path__}, {@code __param_*},
 * {@code __scrape_interval__}, {@code __scrape_timeout__}) as its labels. A scraper's target
 * population only fills these in when absent ({@code scrape/target.go}, {@code PopulateLabels}), so
 * a job that reads this with no relabel rules of its own ends with promsd's labels and URL.
 *
 * <p>A shard {@code I} of {@code N} keeps the targets whose final {@code __address__} has {@code
 * hashmod} {@code I} modulo {@code N}: the rules {@code hashmod} then {@code keep}, compiled with
 * promsd's relabeler, so exactly what a Prometheus sharded with those rules keeps.
 */
final class HttpSd {
  /** A rendered answer and its entity tag. */
  record Body(byte[] bytes, String etag) {}

  private record Key(long version, String job, int shard, int shards) {}

  private final Map<Key, Body> cache = new ConcurrentHashMap<>();
  private final Map<Long, Relabeler> shardRules = new ConcurrentHashMap<>();
  private volatile long cachedVersion = -1;

  /** The answer for a job (null when the config has no such job); shards 0 means all. */
  Body render(ServeView v, String job, int shard, int shards) {
    JobTargets t = v.set().job(job).orElse(null);
    if (t == null || !v.jobs().containsKey(job)) {
      return null;
    }
    long version = v.set().version();
    if (version != cachedVersion) {
      cache.clear();
      cachedVersion = version;
    }
    if (cache.size() > 1024) {
      cache.clear();
    }
    return cache.computeIfAbsent(
        new Key(version, job, shard, shards), k -> build(t.active(), shard, shards));
  }

  private Body build(List<ScrapeTarget> active, int shard, int shards) {
    Json j = new Json(new StringBuilder(active.size() * 200 + 2), true);
    j.beginArray();
    String keep = Integer.toString(shard);
    for (ScrapeTarget a : active) {
      Labels l = a.labels();
      if (shards > 0 && !keep.equals(shardOf(l, shards))) {
        continue;
      }
      j.beginObject().name("targets").beginArray().string(l.get("__address__")).endArray();
      j.name("labels").beginObject();
      for (int i = 0; i < l.size(); i++) {
        if (!l.name(i).equals("__address__")) {
          j.name(l.name(i)).string(l.value(i));
        }
      }
      j.endObject().endObject();
    }
    byte[] bytes = j.endArray().toString().getBytes(StandardCharsets.UTF_8);
    return new Body(bytes, etag(bytes));
  }

  /** Prometheus's {@code hashmod} of the {@code __address__} label, modulo {@code shards}. */
  String shardOf(Labels labels, int shards) {
    Relabeler r =
        shardRules.computeIfAbsent(
            (long) shards,
            n ->
                Relabeler.compile(
                    List.of(
                        RelabelConfig.builder()
                            .sourceLabels("__address__")
                            .modulus(n)
                            .targetLabel("__tmp_shard")
                            .action(RelabelAction.HASHMOD)
                            .build()),
                    Compat.PROMETHEUS_3));
    return r.apply(Labels.of("__address__", labels.get("__address__"))).get("__tmp_shard");
  }

  private static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether an {@code If-None-Match} header names this tag (weak comparison, as RFC 9110). */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String part : ifNoneMatch.split(",")) {
      String p = part.trim();
      if (p.equals("*")) {
        return true;
      }
      if (p.startsWith("W/")) {
        p = p.substring(2);
      }
      if (p.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
