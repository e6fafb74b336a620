package io.promsd.sd.docker;

import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Query strings as the Docker client writes them: {@code url.Values.Encode} (keys sorted, {@code
 * QueryEscape}d), and the {@code filters} parameter as {@code json.Marshal} of a map of name to set
 * of values ({@code {"label":{"a=b":true}}}: keys sorted, HTML characters escaped), or, for API
 * versions below 1.22, the legacy map of name to list of values ({@code filters.ToParamWithVersion}
 * in v20.10.23). Filters without values are not sent.
 */
final class EngineQuery {
  private EngineQuery() {}

  /** The filters as name to sorted set of values, in Go's byte order; empty when none. */
  static Map<String, TreeSet<String>> filterSets(List<DockerSdConfig.Filter> filters) {
    Map<String, TreeSet<String>> out = new TreeMap<>(Labels.NAME_ORDER);
    for (DockerSdConfig.Filter f : filters) {
      for (String v : f.values()) {
        out.computeIfAbsent(f.name(), k -> new TreeSet<>(Labels.NAME_ORDER)).add(v);
      }
    }
    return out;
  }

  /**
   * The {@code filters} value, or "" when there is none.
   *
   * @param legacy the pre-1.22 list form
   * @param shortBf Go 1.22+ JSON escapes ({@code \b}, {@code \f}): 3.x
   */
  static String filtersJson(Map<String, TreeSet<String>> sets, boolean legacy, boolean shortBf) {
    if (sets.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, TreeSet<String>> e : sets.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      GoText.appendJsonString(sb, e.getKey(), shortBf);
      sb.append(legacy ? ":[" : ":{");
      boolean firstValue = true;
      for (String v : e.getValue()) {
        if (!firstValue) {
          sb.append(',');
        }
        firstValue = false;
        GoText.appendJsonString(sb, v, shortBf);
        if (!legacy) {
          sb.append(":true");
        }
      }
      sb.append(legacy ? ']' : '}');
    }
    return sb.append('}').toString();
  }

  /** {@code url.Values.Encode} of single-valued parameters (null values are left out). */
  static String encode(Map<String, String> params) {
    Map<String, List<String>> values = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (v != null) {
            values.put(k, List.of(v));
          }
        });
    return GoUrl.encode(values);
  }
}
