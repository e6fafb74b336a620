package io.promsd.relabel.junit.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.internal.RelabelTestCase.Expected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A relabel test file, loaded and checked: the rules under test (inline, or one job's rules from a
 * Prometheus configuration), compiled for the file's compat mode, and its tests.
 *
 * <pre>{@code
 * relabel_configs:                 # or: config: ../prometheus.yml + job: node
 *   - source_labels: [env]
 *     regex: production
 *     action: keep
 * tests:
 *   - name: production targets are kept
 *     input:  {__address__: "10.0.0.1:9100", env: production}
 *     output: {__address__: "10.0.0.1:9100", env: production}
 * }</pre>
 *
 * <p>The format, key by key, is in this module's README. A file that is not valid fails to load
 * with a {@link ConfigException} naming the file, the line and the field, in the words Prometheus
 * uses for its own configuration. Instances are immutable and thread-safe.
 */
public final class RelabelTestFile {
  private static final String FILE_TYPE = "main.relabelTestFile";
  private static final String CASE_TYPE = "main.relabelTestCase";

  private final Path path;
  private final String rules;
  private final Compat compat;
  private final NameValidation scheme;
  private final Relabeler relabeler;
  private final List<RelabelTestCase> tests;

  private RelabelTestFile(
      Path path,
      String rules,
      Compat compat,
      NameValidation scheme,
      Relabeler relabeler,
      List<RelabelTestCase> tests) {
    this.path = path;
    this.rules = rules;
    this.compat = compat;
    this.scheme = scheme;
    this.relabeler = relabeler;
    this.tests = List.copyOf(tests);
  }

  /**
   * Reads and checks a test file, and the Prometheus configuration it names, if any.
   *
   * @throws IOException if the test file cannot be read
   * @throws ConfigException if the file (or the job's rules in the configuration it names) is not
   *     valid; {@link ConfigException#reason()} says why, the message also says where
   */
  public static RelabelTestFile load(Path file) throws IOException {
    return parse(Documents.yamlText(Files.readAllBytes(file), file.toString()), file);
  }

  /** Checks the test file text {@code text} read from {@code file}. */
  static RelabelTestFile parse(String text, Path file) {
    return new Parser(file).parse(text);
  }

  /** The file, as it was named. */
  public Path path() {
    return path;
  }

  /**
   * Where the rules come from: {@code relabel_configs} (inline) or, for example, {@code
   * relabel_configs of job "node" in ../prometheus.yml}.
   */
  public String rules() {
    return rules;
  }

  /** The Prometheus version whose behaviour the tests expect. */
  public Compat compat() {
    return compat;
  }

  /** The name validation scheme the rules were checked under. */
  public NameValidation scheme() {
    return scheme;
  }

  /** The compiled rules. */
  public Relabeler relabeler() {
    return relabeler;
  }

  /** The tests, in file order. */
  public List<RelabelTestCase> tests() {
    return tests;
  }

  /** Runs one test (normally one of {@link #tests()}) through this file's rules. */
  public RelabelTestResult run(RelabelTestCase test) {
    return RelabelTestResult.run(test, relabeler);
  }

  /** Runs the tests whose names {@code select} accepts, in file order. */
  public RelabelSuiteResult run(Predicate<String> select) {
    return run(select, Clock.systemUTC());
  }

  RelabelSuiteResult run(Predicate<String> select, Clock clock) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<RelabelTestResult> results = new ArrayList<>();
    for (RelabelTestCase t : tests) {
      if (select.test(t.name())) {
        results.add(run(t));
      }
    }
    return new RelabelSuiteResult(
        path, results, null, started, Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public String toString() {
    return "RelabelTestFile[" + path + ", " + tests.size() + " tests]";
  }

  /** One test as decoded, before its semantic checks. */
  private record RawCase(
      Node node,
      Fields fields,
      String name,
      Map<String, String> input,
      Map<String, String> output,
      Map<String, String> outputContains,
      boolean dropped,
      long droppedBy) {}

  /** Decodes one file; not reusable. */
  private static final class Parser {
    private final Path file;
    private final String name;
    private final Decoder d;

    Parser(Path file) {
      this.file = requireNonNull(file, "file");
      this.name = file.toString();
      this.d = new Decoder(name);
    }

    RelabelTestFile parse(String text) {
      Node root = Documents.parseYaml(text, name);
      Fields f = d.struct(root, FILE_TYPE);
      Node relabelConfigs = f.take("relabel_configs");
      Node metricRelabelConfigs = f.take("metric_relabel_configs");
      Node config = f.take("config");
      Node job = f.take("job");
      Node rulesKey = f.take("rules");
      Node compatNode = f.take("compat");
      Node schemeNode = f.take("scheme");
      Node testsNode = f.take("tests");
      f.finish();

      Compat compat = compat(compatNode);
      NameValidation scheme = scheme(schemeNode, compat);

      // Which rules: exactly one of the inline lists, or config + job (+ rules).
      if (relabelConfigs != null && metricRelabelConfigs != null) {
        throw d.error(
            f.key("metric_relabel_configs"),
            "relabel_configs and metric_relabel_configs are mutually exclusive");
      }
      Node inline = relabelConfigs != null ? relabelConfigs : metricRelabelConfigs;
      String inlineKey = relabelConfigs != null ? "relabel_configs" : "metric_relabel_configs";
      if (inline != null && config != null) {
        throw d.error(f.key("config"), inlineKey + " and config are mutually exclusive");
      }
      if (config == null) {
        for (String k : List.of("job", "rules")) {
          if (f.has(k)) {
            throw d.error(f.key(k), k + " needs config");
          }
        }
      }
      List<RelabelConfig> inlineRules = null;
      if (inline != null) {
        String kind = relabelConfigs != null ? "target" : "metric";
        inlineRules = RelabelConfig.decodeList(inline, d, compat, kind);
      }
      List<RawCase> raw = decodeTests(testsNode);
      d.finish(); // the type errors of the whole file, Go's "yaml: unmarshal errors:"

      String origin;
      List<RelabelConfig> rules;
      NameValidation effective;
      Relabeler relabeler;
      if (inline != null) {
        origin = inlineKey;
        rules = inlineRules;
        effective = scheme != null ? scheme : compat.defaultNameValidation();
        relabeler = Relabeler.compile(rules, compat, effective);
      } else if (config != null) {
        JobRules jr = jobRules(f, config, job, rulesKey, compat);
        origin = jr.describe();
        rules = jr.rules();
        effective = scheme != null ? scheme : jr.scheme();
        try {
          relabeler = Relabeler.compile(rules, compat, effective);
        } catch (ConfigException e) {
          throw e.withJob(jr.job()); // located in the configuration: name the job too
        }
      } else {
        throw d.error(
            root,
            "no relabel rules: set relabel_configs, metric_relabel_configs, or config and job");
      }

      if (raw.isEmpty()) {
        throw d.error(testsNode != null ? f.key("tests") : root, "no tests");
      }
      List<RelabelTestCase> tests = new ArrayList<>(raw.size());
      Map<String, Integer> seen = new HashMap<>();
      for (RawCase r : raw) {
        tests.add(check(r, seen, compat, rules.size()));
      }
      return new RelabelTestFile(file, origin, compat, effective, relabeler, tests);
    }

    private Compat compat(Node n) {
      if (n == null || n.isNull()) {
        return Compat.defaultCompat();
      }
      String s = d.string(n, "int");
      if (s.equals("2")) {
        return Compat.PROMETHEUS_2;
      }
      if (s.equals("3")) {
        return Compat.PROMETHEUS_3;
      }
      if (!n.isScalar()) {
        return Compat.defaultCompat(); // a type error is recorded
      }
      throw d.error(n, "compat must be 2 or 3, got " + GoText.quote(s));
    }

    private NameValidation scheme(Node n, Compat compat) {
      if (n == null || n.isNull()) {
        return null;
      }
      String s = d.string(n);
      if (!n.isScalar()) {
        return null;
      }
      NameValidation v;
      try {
        v = NameValidation.parse(s);
      } catch (IllegalArgumentException e) {
        throw d.error(n, e.getMessage());
      }
      if (compat == Compat.PROMETHEUS_2) {
        throw d.error(n, "scheme needs compat: 3 (Prometheus 2 checks names by the legacy rules)");
      }
      return v;
    }

    private JobRules jobRules(Fields f, Node config, Node job, Node rulesKey, Compat compat) {
      String configPath = d.string(config);
      if (configPath.isEmpty()) {
        throw d.error(f.key("config"), "config is empty");
      }
      if (job == null) {
        throw d.error(f.key("config"), "config needs job");
      }
      String jobName = d.string(job);
      if (jobName.isEmpty()) {
        throw d.error(f.key("job"), "job is empty");
      }
      String key = rulesKey == null || rulesKey.isNull() ? "relabel_configs" : d.string(rulesKey);
      if (!key.equals("relabel_configs") && !key.equals("metric_relabel_configs")) {
        throw d.error(
            rulesKey,
            "rules must be relabel_configs or metric_relabel_configs, got " + GoText.quote(key));
      }
      Path cfg = file.resolveSibling(configPath).normalize();
      try {
        return JobRules.find(cfg, jobName, key, compat);
      } catch (JobRules.NotFound e) {
        throw d.error(job, e.getMessage());
      } catch (IOException e) {
        throw d.error(config, "cannot read config: " + RelabelTestRunner.describe(e, cfg));
      }
    }

    private List<RawCase> decodeTests(Node testsNode) {
      List<Node> items = d.sequence(testsNode, "[]" + CASE_TYPE);
      if (items == null) {
        return List.of();
      }
      List<RawCase> out = new ArrayList<>(items.size());
      for (Node item : items) {
        Fields tf = d.struct(item, CASE_TYPE);
        String testName = d.string(tf.take("name"));
        Map<String, String> input = labels(tf.take("input"));
        Map<String, String> output = labels(tf.take("output"));
        Map<String, String> contains = labels(tf.take("output_contains"));
        boolean dropped = d.bool(tf.take("dropped"), false);
        long droppedBy = d.int64(tf.take("dropped_by"), -1, "int");
        tf.finish();
        out.add(new RawCase(item, tf, testName, input, output, contains, dropped, droppedBy));
      }
      return out;
    }

    /** A label map, or null when the key is absent; a null value is the empty set, as in Go. */
    private Map<String, String> labels(Node n) {
      return n == null ? null : d.stringMap(n, "map[string]string");
    }

    private RelabelTestCase check(
        RawCase r, Map<String, Integer> seen, Compat compat, int ruleCount) {
      Fields tf = r.fields();
      if (r.name().isEmpty()) {
        throw d.error(tf.has("name") ? tf.take("name") : r.node(), "test name is empty");
      }
      String where = "test " + GoText.quote(r.name()) + ": ";
      Integer first = seen.putIfAbsent(r.name(), r.node().line());
      if (first != null) {
        throw d.error(tf.key("name"), where + "name already used by the test at line " + first);
      }
      if (r.input() == null) {
        throw d.error(r.node(), where + "input is required");
      }
      List<String> given = new ArrayList<>(3);
      for (String k : List.of("output", "output_contains", "dropped")) {
        if (tf.has(k)) {
          given.add(k);
        }
      }
      given.sort(Comparator.comparingInt(k -> tf.key(k).line())); // name the later one
      if (tf.has("dropped") && !r.dropped()) {
        throw d.error(
            tf.take("dropped"),
            where + "dropped must be true; describe a kept target with output or output_contains");
      }
      if (tf.has("dropped_by") && !r.dropped()) {
        throw d.error(tf.key("dropped_by"), where + "dropped_by needs dropped: true");
      }
      if (given.size() > 1) {
        throw d.error(
            tf.key(given.get(1)),
            where + given.get(0) + " and " + given.get(1) + " are mutually exclusive");
      }
      if (given.isEmpty()) {
        throw d.error(r.node(), where + "needs one of output, output_contains or dropped: true");
      }
      if (tf.has("dropped_by") && (r.droppedBy() < 0 || r.droppedBy() >= ruleCount)) {
        String range =
            ruleCount == 0
                ? "there are no rules"
                : ruleCount == 1 ? "the only rule is #0" : "rules are #0 to #" + (ruleCount - 1);
        throw d.error(
            tf.take("dropped_by"),
            where + "dropped_by " + r.droppedBy() + " is not a rule index (" + range + ")");
      }
      NameValidation names = compat.defaultNameValidation();
      Labels input = checkedLabels(r.input(), tf, "input", where, names);
      Expected expected;
      if (r.output() != null) {
        expected = new Exactly(checkedLabels(r.output(), tf, "output", where, names));
      } else if (r.outputContains() != null) {
        Labels present = checkedLabels(r.outputContains(), tf, "output_contains", where, names);
        List<String> absent = new ArrayList<>();
        r.outputContains()
            .forEach(
                (k, v) -> {
                  if (v.isEmpty()) {
                    absent.add(k); // empty means absent, as everywhere in Prometheus
                  }
                });
        expected = new AtLeast(present, absent);
      } else {
        expected = tf.has("dropped_by") ? new Dropped((int) r.droppedBy()) : Dropped.ANY;
      }
      return new RelabelTestCase(r.name(), r.node().line(), input, expected);
    }

    private Labels checkedLabels(
        Map<String, String> m, Fields tf, String field, String where, NameValidation names) {
      for (String labelName : m.keySet()) {
        if (!names.isValid(labelName)) {
          throw d.error(
              tf.take(field),
              where + field + ": " + GoText.quote(labelName) + " is not a valid label name");
        }
      }
      return Labels.of(m);
    }
  }
}
