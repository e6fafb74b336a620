package io.promsd.relabel.junit.internal;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relabel rules of one job in a Prometheus configuration file, found by walking the parsed
 * document rather than loading the whole configuration: relabel-junit stays free of sd-core. Only
 * what the rules need is read and checked: the job's {@code relabel_configs} or {@code
 * metric_relabel_configs}, its {@code metric_name_validation_scheme} and the global one. Jobs in
 * {@code scrape_config_files} are followed as Prometheus does ({@code config/config.go}
 * GetScrapeConfigs): globs relative to the main file ({@link GoPath}), {@code *} only in the last
 * segment, a pattern matching nothing skipped.
 *
 * @param rules the job's rules, decoded and (under 2.x) validated
 * @param scheme the job's name validation scheme (3.x; legacy under 2.x)
 * @param key {@code relabel_configs} or {@code metric_relabel_configs}
 * @param job the job name
 * @param file the file that defines the job
 */
record JobRules(
    List<RelabelConfig> rules, NameValidation scheme, String key, String job, Path file) {

  /** No job of that name. */
  static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  /** For example {@code relabel_configs of job "node" in ../prometheus.yml}. */
  String describe() {
    return key + " of job " + GoText.quote(job) + " in " + file;
  }

  /** A job definition and where it is. */
  private record Found(Node job, Path file, Node name) {}

  /**
   * Finds {@code job} in {@code config} (and its scrape config files) and decodes its rules under
   * {@code key}.
   *
   * @throws IOException if a file cannot be read
   * @throws NotFound if no scrape config has that job name
   * @throws ConfigException if the files are not YAML, the job is defined twice, or its rules are
   *     invalid (named by file, line, job and rule index)
   */
  static JobRules find(Path config, String job, String key, Compat compat)
      throws IOException, NotFound {
    Node root = Documents.parseYaml(read(config), config.toString());
    NameValidation scheme =
        scheme(entry(entry(root, "global"), "metric_name_validation_scheme"), config, compat);
    if (scheme == null) {
      scheme = compat.defaultNameValidation();
    }
    List<Found> found = new ArrayList<>();
    collect(root, config, job, found);
    Path dir = GoPath.dir(config);
    for (Node pattern : items(entry(root, "scrape_config_files"))) {
      String p = pattern.text();
      int star = p.indexOf('*');
      if (star >= 0 && p.indexOf('/', star) >= 0) {
        throw new ConfigException(
            "invalid scrape config file path " + GoText.quote(p),
            config.toString(),
            pattern.line());
      }
      String joined = GoPath.joinDir(dir, p);
      List<String> files;
      try {
        files = GoPath.glob(joined);
      } catch (GoPath.BadPatternException e) {
        throw new ConfigException(
            "error retrieving scrape config files for "
                + GoText.quote(joined)
                + ": syntax error in pattern",
            config.toString(),
            pattern.line());
      }
      for (String name : files) {
        Path f = Path.of(name);
        collect(Documents.parseYaml(read(f), name), f, job, found);
      }
    }
    if (found.isEmpty()) {
      throw new NotFound("no scrape config with job_name " + GoText.quote(job) + " in " + config);
    }
    if (found.size() > 1) {
      Found first = found.get(0);
      Found second = found.get(1);
      String msg = "found multiple scrape configs with job name " + GoText.quote(job);
      if (!second.file().equals(config)) {
        msg +=
            ", first found in "
                + (first.file().equals(config)
                    ? "main config file"
                    : GoText.quote(first.file().toString()));
      }
      throw new ConfigException(msg, second.file().toString(), second.name().line());
    }
    Found f = found.get(0);
    Decoder d = new Decoder(f.file().toString());
    try {
      NameValidation own =
          scheme(entry(f.job(), "metric_name_validation_scheme"), f.file(), compat);
      String kind = key.equals("relabel_configs") ? "target" : "metric";
      List<RelabelConfig> rules = RelabelConfig.decodeList(entry(f.job(), key), d, compat, kind);
      d.finish();
      return new JobRules(rules, own != null ? own : scheme, key, job, f.file());
    } catch (ConfigException e) {
      throw e.withJob(job);
    }
  }

  private static void collect(Node root, Path file, String job, List<Found> found) {
    for (Node sc : items(entry(root, "scrape_configs"))) {
      Node name = entry(sc, "job_name");
      if (name != null && name.isScalar() && name.text().equals(job)) {
        found.add(new Found(sc, file, name));
      }
    }
  }

  /** The scheme a {@code metric_name_validation_scheme} node sets, or null for the default. */
  private static NameValidation scheme(Node n, Path file, Compat compat) {
    if (compat == Compat.PROMETHEUS_2 || n == null || !n.isScalar() || n.text().isEmpty()) {
      return null; // 2.42 checks names by the legacy rules only
    }
    try {
      return NameValidation.parse(n.text());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), file.toString(), n.line());
    }
  }

  /** The value of {@code key} in a mapping node, or null. */
  private static Node entry(Node map, String key) {
    if (map == null || map.kind() != Node.Kind.MAPPING) {
      return null;
    }
    for (Map.Entry<Node, Node> e : map.entries()) {
      if (e.getKey().isScalar() && e.getKey().text().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static List<Node> items(Node seq) {
    return seq == null || seq.kind() != Node.Kind.SEQUENCE ? List.of() : seq.items();
  }

  private static String read(Path file) throws IOException {
    return Documents.yamlText(Files.readAllBytes(file), file.toString());
  }
}
