package io.promsd.bench;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The perf workload ({@code testdata/perf}): its relabel rules and, per target, the label set
 * Prometheus hands to relabeling.
 *
 * <p>The discovered set is built as file SD and {@code scrape.PopulateLabels} build it (and as
 * {@code shared/perf/go-relabel-bench/workload_bench_test.go} does for the Go figure): the target's
 * labels ({@code __address__}), then the group's labels where the target has none, plus {@code
 * __meta_filepath}; then the job defaults where missing: {@code job}, {@code __scheme__}, {@code
 * __metrics_path__}, {@code __scrape_interval__} and {@code __scrape_timeout__} (the workload's
 * prometheus.yml sets neither, so the global defaults 1m and 10s apply).
 */
final class Workload {
  private static final String[] JOB_DEFAULTS = {
    "job", "j",
    "__scrape_interval__", "1m",
    "__scrape_timeout__", "10s",
    "__metrics_path__", "/metrics",
    "__scheme__", "http"
  };

  final List<RelabelConfig> rules;
  final Labels[] targets;

  private Workload(List<RelabelConfig> rules, Labels[] targets) {
    this.rules = rules;
    this.targets = targets;
  }

  /**
   * Loads {@code prometheus.yml} and {@code targets.json} from the folder named by the system
   * property {@code promsd.workload}, else from the first {@code testdata/perf} found walking up
   * from the working directory.
   */
  static Workload load(Compat compat) {
    Path dir = folder();
    try {
      String yml = Files.readString(dir.resolve("prometheus.yml"));
      String json = Files.readString(dir.resolve("targets.json"));
      return new Workload(rules(yml, compat), targets(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path folder() {
    String p = System.getProperty("promsd.workload");
    if (p != null) {
      return Path.of(p);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolve("testdata/perf");
      if (Files.isRegularFile(c.resolve("targets.json"))) {
        return c;
      }
    }
    throw new IllegalStateException(
        "no testdata/perf above " + Path.of("").toAbsolutePath() + "; set -Dpromsd.workload=DIR");
  }

  /** The {@code relabel_configs} of the first (only) job, through the project's own parser. */
  private static List<RelabelConfig> rules(String yml, Compat compat) {
    Node root = Documents.parseYaml(yml, "prometheus.yml");
    Node job = value(value(root, "scrape_configs").items().get(0), "relabel_configs");
    Decoder d = new Decoder("prometheus.yml");
    List<RelabelConfig> rules = RelabelConfig.decodeList(job, d, compat, "target");
    d.finish();
    return rules;
  }

  private static Node value(Node mapping, String key) {
    for (Map.Entry<Node, Node> e : mapping.entries()) {
      if (e.getKey().text().equals(key)) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("no " + key + " at line " + mapping.line());
  }

  private static Labels[] targets(String json) {
    Node groups = Documents.parseJson(json, "targets.json");
    List<Labels> out = new ArrayList<>();
    for (Node g : groups.items()) {
      Map<String, String> groupLabels = new LinkedHashMap<>();
      for (Map.Entry<Node, Node> e : value(g, "labels").entries()) {
        groupLabels.put(e.getKey().text(), e.getValue().text());
      }
      groupLabels.put("__meta_filepath", "targets.json"); // file SD adds it to every group
      for (Node t : value(g, "targets").items()) {
        Map<String, String> m = new LinkedHashMap<>(groupLabels);
        m.put("__address__", t.text()); // the target's own labels win over the group's
        for (int i = 0; i < JOB_DEFAULTS.length; i += 2) {
          if (m.getOrDefault(JOB_DEFAULTS[i], "").isEmpty()) {
            m.put(JOB_DEFAULTS[i], JOB_DEFAULTS[i + 1]); // set where missing or empty
          }
        }
        out.add(Labels.of(m));
      }
    }
    return out.toArray(new Labels[0]);
  }
}
