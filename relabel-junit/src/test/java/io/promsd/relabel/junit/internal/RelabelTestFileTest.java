package io.promsd.relabel.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelTestFileTest {
  private static final Path FILE = Path.of("t.yml");

  @TempDir Path dir;

  static RelabelTestFile parse(String yaml) {
    return RelabelTestFile.parse(yaml, FILE);
  }

  /** The error as the CLI prints it. */
  static String error(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void inlineRulesAndEveryKindOfExpectation() {
    RelabelTestFile f =
        parse(
            """
            relabel_configs:
              - source_labels: [env]
                regex: production
                action: keep
            compat: 2
            tests:
              - name: exact
                input:  {__address__: "10.0.0.1:9100", env: production}
                output: {__address__: "10.0.0.1:9100", env: production}
              - name: at least
                input: {env: production, tmp: x}
                output_contains: {env: production, gone: ""}
              - name: dropped
                input: {env: staging}
                dropped: true
              - name: dropped by rule 0
                input: {env: staging}
                dropped: true
                dropped_by: 0
              - name: anything kept
                input: {env: production}
                output_contains: {}
            """);
    assertThat(f.path()).isEqualTo(FILE);
    assertThat(f.rules()).isEqualTo("relabel_configs");
    assertThat(f.compat()).isEqualTo(Compat.PROMETHEUS_2);
    assertThat(f.scheme()).isEqualTo(NameValidation.LEGACY);
    assertThat(f.relabeler().rules()).hasSize(1);
    assertThat(f.tests())
        .extracting(RelabelTestCase::name, RelabelTestCase::line, RelabelTestCase::expected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "exact",
                7,
                new Exactly(Labels.of("__address__", "10.0.0.1:9100", "env", "production"))),
            org.assertj.core.groups.Tuple.tuple(
                "at least", 10, new AtLeast(Labels.of("env", "production"), List.of("gone"))),
            org.assertj.core.groups.Tuple.tuple("dropped", 13, Dropped.ANY),
            org.assertj.core.groups.Tuple.tuple("dropped by rule 0", 16, new Dropped(0)),
            org.assertj.core.groups.Tuple.tuple(
                "anything kept", 20, new AtLeast(Labels.empty(), List.of())));
    assertThat(f.tests().get(0).input())
        .isEqualTo(Labels.of("__address__", "10.0.0.1:9100", "env", "production"));
    assertThat(f.run(n -> true).results()).allMatch(RelabelTestResult::passed);
  }

  @Test
  void defaultsAreCompat3WithUtf8NamesAndRelabelConfigs() {
    RelabelTestFile f =
        parse(
            """
            relabel_configs:
              - {source_labels: [a], target_label: "service.name"}
            tests:
              - {name: utf8 target, input: {a: x}, output: {a: x, service.name: x}}
            """);
    assertThat(f.compat()).isEqualTo(Compat.PROMETHEUS_3);
    assertThat(f.scheme()).isEqualTo(NameValidation.UTF8);
    assertThat(f.run(n -> true).passed()).isEqualTo(1);
  }

  @Test
  void schemeLegacyChecksTheRulesAsPrometheusDoes() {
    assertThat(
            error(
                """
                scheme: legacy
                relabel_configs:
                  - {source_labels: [a], target_label: "service.name"}
                tests:
                  - {name: t, input: {a: x}, dropped: true}
                """))
        .isEqualTo(
            "t.yml:3: relabel rule 0: \"service.name\" is invalid 'target_label' for replace"
                + " action");
  }

  @Test
  void metricRelabelConfigsInline() {
    RelabelTestFile f =
        parse(
            """
            metric_relabel_configs:
              - {source_labels: [__name__], regex: "go_.*", action: drop}
            tests:
              - {name: go series go, input: {__name__: go_goroutines}, dropped: true}
            """);
    assertThat(f.rules()).isEqualTo("metric_relabel_configs");
    assertThat(f.run(n -> true).passed()).isEqualTo(1);
  }

  @Test
  void selectionRunsOnlyTheChosenTests() {
    RelabelTestFile f =
        parse(
            """
            relabel_configs: []
            tests:
              - {name: one, input: {a: "1"}, output: {a: "1"}}
              - {name: two, input: {a: "2"}, output: {a: "2"}}
            """);
    assertThat(f.run(n -> n.equals("two")).results())
        .extracting(r -> r.testCase().name())
        .containsExactly("two");
  }

  // ---- config: + job: ----

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  static final String CONFIG =
      """
      global:
        scrape_interval: 15s
      scrape_configs:
        - job_name: node
          static_configs: [{targets: ["a:9100"]}]
          relabel_configs:
            - source_labels: [env]
              regex: production
              action: keep
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: go_.*
              action: drop
      """;

  @Test
  void configAndJobReadTheJobsRules() throws IOException {
    write("prometheus.yml", CONFIG);
    Path t =
        write(
            "tests/node.test.yml",
            """
            config: ../prometheus.yml
            job: node
            tests:
              - {name: kept, input: {env: production}, output: {env: production}}
              - {name: dropped, input: {env: staging}, dropped: true, dropped_by: 0}
            """);
    RelabelTestFile f = RelabelTestFile.load(t);
    assertThat(f.rules())
        .isEqualTo("relabel_configs of job \"node\" in " + dir.resolve("prometheus.yml"));
    assertThat(f.run(n -> true).passed()).isEqualTo(2);
  }

  @Test
  void configAndJobReadTheMetricRules() throws IOException {
    write("prometheus.yml", CONFIG);
    Path t =
        write(
            "m.test.yml",
            """
            config: prometheus.yml
            job: node
            rules: metric_relabel_configs
            tests:
              - {name: go dropped, input: {__name__: go_goroutines}, dropped: true}
            """);
    RelabelTestFile f = RelabelTestFile.load(t);
    assertThat(f.rules()).startsWith("metric_relabel_configs of job \"node\"");
    assertThat(f.run(n -> true).passed()).isEqualTo(1);
  }

  @Test
  void theJobsNameValidationSchemeApplies() throws IOException {
    write(
        "prometheus.yml",
        """
        global:
          metric_name_validation_scheme: legacy
        scrape_configs:
          - job_name: j
            relabel_configs:
              - {source_labels: [a], target_label: "service.name"}
          - job_name: k
            metric_name_validation_scheme: utf8
            relabel_configs:
              - {source_labels: [a], target_label: "service.name"}
        """);
    String tests = "tests: [{name: t, input: {a: x}, output: {a: x, service.name: x}}]\n";
    Path j = write("j.test.yml", "config: prometheus.yml\njob: j\n" + tests);
    assertThatThrownBy(() -> RelabelTestFile.load(j))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).getMessage())
        .isEqualTo(
            dir.resolve("prometheus.yml")
                + ":6: job \"j\": relabel rule 0: \"service.name\" is invalid 'target_label' for"
                + " replace action");
    Path k = write("k.test.yml", "config: prometheus.yml\njob: k\n" + tests);
    assertThat(RelabelTestFile.load(k).scheme()).isEqualTo(NameValidation.UTF8);
    // the test file's scheme wins over the configuration's
    Path j2 = write("j2.test.yml", "config: prometheus.yml\njob: j\nscheme: utf8\n" + tests);
    assertThat(RelabelTestFile.load(j2).run(n -> true).passed()).isEqualTo(1);
  }

  @Test
  void jobsInScrapeConfigFilesAreFollowed() throws IOException {
    write(
        "prometheus.yml",
        """
        scrape_config_files:
          - conf.d/*.yml
          - missing.yml
        scrape_configs:
          - job_name: main
        """);
    write("conf.d/a.yml", "scrape_configs:\n  - job_name: a\n");
    write(
        "conf.d/b.yml",
        """
        scrape_configs:
          - job_name: b
            relabel_configs:
              - {source_labels: [x], regex: "1", action: keep}
        """);
    write("conf.d/b.json", "not yaml: [");
    Path t =
        write(
            "b.test.yml",
            "config: prometheus.yml\njob: b\ntests: [{name: t, input: {x: '2'}, dropped: true}]\n");
    RelabelTestFile f = RelabelTestFile.load(t);
    assertThat(f.rules())
        .isEqualTo("relabel_configs of job \"b\" in " + dir.resolve("conf.d/b.yml"));
    assertThat(f.run(n -> true).passed()).isEqualTo(1);
  }

  @Test
  void aJobWithoutRulesHasNone() throws IOException {
    write("prometheus.yml", "scrape_configs:\n  - job_name: bare\n");
    Path t =
        write(
            "t.test.yml",
            "config: prometheus.yml\njob: bare\ntests: [{name: t, input: {a: b}, output: {a: b}}]\n");
    assertThat(RelabelTestFile.load(t).relabeler().rules()).isEmpty();
  }

  // ---- malformed files: file, line and field, in Prometheus's words ----

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "yaml syntax",
            "tests:\n  - name: a\n  input: {\n",
            // go-yaml names the line before the problem for parser errors; the file line is exact
            "t.yml:3: yaml: line 2: did not find expected '-' indicator"),
        Arguments.of(
            "the root is not a mapping",
            "- a\n",
            "t.yml:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into"
                + " main.relabelTestFile"),
        Arguments.of(
            "unknown top-level key",
            "relabel_config: []\ntests: []\n",
            "t.yml:1: yaml: unmarshal errors:\n  line 1: field relabel_config not found in type"
                + " main.relabelTestFile"),
        Arguments.of(
            "unknown test key, and a repeated one, reported together",
            """
            relabel_configs: []
            tests:
              - name: a
                input: {}
                outptu: {}
                name: b
            """,
            "t.yml:5: yaml: unmarshal errors:\n"
                + "  line 5: field outptu not found in type main.relabelTestCase\n"
                + "  line 6: field name already set in type main.relabelTestCase"),
        Arguments.of(
            "input is not a map",
            "relabel_configs: []\ntests:\n  - {name: a, input: [x], dropped: true}\n",
            "t.yml:3: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!seq into"
                + " map[string]string"),
        Arguments.of(
            "a label given twice",
            "relabel_configs: []\ntests:\n  - {name: a, input: {x: '1', x: '2'}, dropped: true}\n",
            "t.yml:3: yaml: unmarshal errors:\n  line 3: key \"x\" already set in map"),
        Arguments.of(
            "dropped is not a boolean",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}, dropped: yes please}\n",
            "t.yml:3: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `yes please` into"
                + " bool"),
        Arguments.of(
            "dropped_by is not a number",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}, dropped: true, dropped_by: two}\n",
            "t.yml:3: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `two` into int"),
        Arguments.of(
            "tests is not a list",
            "relabel_configs: []\ntests: {name: a}\n",
            "t.yml:2: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into"
                + " []main.relabelTestCase"),
        Arguments.of(
            "no rules",
            "tests:\n  - {name: a, input: {}, dropped: true}\n",
            "t.yml:1: no relabel rules: set relabel_configs, metric_relabel_configs, or config and"
                + " job"),
        Arguments.of(
            "both inline lists",
            "relabel_configs: []\nmetric_relabel_configs: []\ntests: []\n",
            "t.yml:2: relabel_configs and metric_relabel_configs are mutually exclusive"),
        Arguments.of(
            "inline rules and config",
            "relabel_configs: []\nconfig: p.yml\njob: j\ntests: []\n",
            "t.yml:2: relabel_configs and config are mutually exclusive"),
        Arguments.of(
            "job without config",
            "relabel_configs: []\njob: j\ntests: []\n",
            "t.yml:2: job needs config"),
        Arguments.of(
            "rules without config",
            "metric_relabel_configs: []\nrules: metric_relabel_configs\ntests: []\n",
            "t.yml:2: rules needs config"),
        Arguments.of(
            "config without job",
            "config: p.yml\ntests:\n  - {name: a, input: {}, dropped: true}\n",
            "t.yml:1: config needs job"),
        Arguments.of(
            "empty job",
            "config: p.yml\njob: ''\ntests:\n  - {name: a, input: {}, dropped: true}\n",
            "t.yml:2: job is empty"),
        Arguments.of(
            "unknown rules key",
            "config: p.yml\njob: j\nrules: scrape_configs\ntests: []\n",
            "t.yml:3: rules must be relabel_configs or metric_relabel_configs, got"
                + " \"scrape_configs\""),
        Arguments.of(
            "compat out of range",
            "compat: 4\nrelabel_configs: []\ntests: []\n",
            "t.yml:1: compat must be 2 or 3, got \"4\""),
        Arguments.of(
            "unknown scheme",
            "scheme: ascii\nrelabel_configs: []\ntests: []\n",
            "t.yml:1: unrecognized ValidationScheme: \"ascii\""),
        Arguments.of(
            "scheme under compat 2",
            "compat: 2\nscheme: utf8\nrelabel_configs: []\ntests: []\n",
            "t.yml:2: scheme needs compat: 3 (Prometheus 2 checks names by the legacy rules)"),
        Arguments.of("no tests key", "relabel_configs: []\n", "t.yml:1: no tests"),
        Arguments.of("empty tests", "relabel_configs: []\n\ntests: []\n", "t.yml:3: no tests"),
        Arguments.of(
            "test without a name",
            "relabel_configs: []\ntests:\n  - input: {}\n    dropped: true\n",
            "t.yml:3: test name is empty"),
        Arguments.of(
            "two tests with one name",
            """
            relabel_configs: []
            tests:
              - {name: a, input: {}, dropped: true}
              - {name: a, input: {}, dropped: true}
            """,
            "t.yml:4: test \"a\": name already used by the test at line 3"),
        Arguments.of(
            "test without input",
            "relabel_configs: []\ntests:\n  - {name: a, dropped: true}\n",
            "t.yml:3: test \"a\": input is required"),
        Arguments.of(
            "test without expectation",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}}\n",
            "t.yml:3: test \"a\": needs one of output, output_contains or dropped: true"),
        Arguments.of(
            "output and dropped",
            "relabel_configs: []\ntests:\n  - name: a\n    input: {}\n    output: {}\n"
                + "    dropped: true\n",
            "t.yml:6: test \"a\": output and dropped are mutually exclusive"),
        Arguments.of(
            "output and output_contains",
            "relabel_configs: []\ntests:\n  - name: a\n    input: {}\n    output_contains: {}\n"
                + "    output: {}\n",
            "t.yml:6: test \"a\": output_contains and output are mutually exclusive"),
        Arguments.of(
            "dropped false",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}, dropped: false}\n",
            "t.yml:3: test \"a\": dropped must be true; describe a kept target with output or"
                + " output_contains"),
        Arguments.of(
            "dropped_by without dropped",
            "relabel_configs: [{action: drop}]\ntests:\n  - {name: a, input: {}, dropped_by: 0}\n",
            "t.yml:3: test \"a\": dropped_by needs dropped: true"),
        Arguments.of(
            "dropped_by past the last rule",
            """
            relabel_configs:
              - {action: drop, source_labels: [a], regex: x}
              - {action: drop, source_labels: [b], regex: x}
            tests:
              - name: a
                input: {}
                dropped: true
                dropped_by: 2
            """,
            "t.yml:8: test \"a\": dropped_by 2 is not a rule index (rules are #0 to #1)"),
        Arguments.of(
            "negative dropped_by",
            "relabel_configs: [{action: drop}]\ntests:\n"
                + "  - {name: a, input: {}, dropped: true, dropped_by: -1}\n",
            "t.yml:3: test \"a\": dropped_by -1 is not a rule index (the only rule is #0)"),
        Arguments.of(
            "dropped_by without rules",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}, dropped: true, dropped_by: 0}\n",
            "t.yml:3: test \"a\": dropped_by 0 is not a rule index (there are no rules)"),
        Arguments.of(
            "a legacy-invalid input label under compat 2",
            "compat: 2\nrelabel_configs: []\ntests:\n  - {name: a, input: {a.b: x}, dropped: true}\n",
            "t.yml:4: test \"a\": input: \"a.b\" is not a valid label name"),
        Arguments.of(
            "an empty output label name",
            "relabel_configs: []\ntests:\n  - {name: a, input: {}, output: {'': x}}\n",
            "t.yml:3: test \"a\": output: \"\" is not a valid label name"),
        Arguments.of(
            "a rule Prometheus rejects",
            "relabel_configs:\n  - {action: hashmod, source_labels: [a], target_label: b}\n"
                + "tests: []\n",
            "t.yml:2: relabel rule 0: relabel configuration for hashmod requires non-zero"
                + " modulus"),
        Arguments.of(
            "a rule Prometheus 2 rejects while parsing",
            "compat: 2\nrelabel_configs:\n  - {action: keep}\n  - {action: kep}\ntests: []\n",
            "t.yml:4: relabel rule 1: unknown relabel action \"kep\""),
        Arguments.of(
            "an unknown rule key",
            "relabel_configs:\n  - source_labels: [a]\n    regx: b\ntests: []\n",
            "t.yml:3: yaml: unmarshal errors:\n  line 3: field regx not found in type"
                + " relabel.plain"),
        Arguments.of(
            "a bad regex",
            "relabel_configs:\n  - {source_labels: [a], regex: '(', action: keep}\ntests: []\n",
            "t.yml:2: relabel rule 0: error parsing regexp: missing closing ): `^(?s:()$`"),
        Arguments.of(
            "a null rule",
            "relabel_configs:\n  - \ntests: []\n",
            "t.yml:2: relabel rule 0: empty or null target relabeling rule in scrape config"),
        Arguments.of(
            "a null metric rule",
            "metric_relabel_configs: [~]\ntests: []\n",
            "t.yml:1: relabel rule 0: empty or null metric relabeling rule in scrape config"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFileFailsWithFileLineAndField(String what, String yaml, String located) {
    assertThat(error(yaml)).isEqualTo(located);
  }

  // ---- malformed configurations ----

  String loadError(String config, String testFile) throws IOException {
    if (config != null) {
      write("prometheus.yml", config);
    }
    Path t = write("t.test.yml", testFile);
    RelabelSuiteResult r = RelabelTestRunner.run(t, n -> true);
    assertThat(r.valid()).isFalse();
    return r.error().replace(dir + "/", "");
  }

  static final String TESTS = "tests: [{name: a, input: {}, dropped: true}]\n";

  @Test
  void aMissingConfigIsNamedAtTheConfigKey() throws IOException {
    assertThat(loadError(null, "config: nothere.yml\njob: j\n" + TESTS))
        .isEqualTo("t.test.yml:1: cannot read config: open nothere.yml: no such file or directory");
  }

  @Test
  void anUnknownJobIsNamedAtTheJobKey() throws IOException {
    assertThat(loadError(CONFIG, "config: prometheus.yml\njob: nod\n" + TESTS))
        .isEqualTo("t.test.yml:2: no scrape config with job_name \"nod\" in prometheus.yml");
  }

  @Test
  void aBadRuleInTheConfigIsNamedInTheConfig() throws IOException {
    String config =
        """
        scrape_configs:
          - job_name: j
            relabel_configs:
              - source_labels: [a]
                action: keep
              - source_labels: [a]
                action: hashmod
                target_label: b
        """;
    assertThat(loadError(config, "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo(
            "t.test.yml: prometheus.yml:6: job \"j\": relabel rule 1: relabel configuration for"
                + " hashmod requires non-zero modulus");
  }

  @Test
  void anUnknownRuleKeyInTheConfigIsNamedInTheConfig() throws IOException {
    String config =
        "scrape_configs:\n  - job_name: j\n    relabel_configs:\n      - {sourcelabels: [a]}\n";
    assertThat(loadError(config, "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo(
            "t.test.yml: prometheus.yml:4: job \"j\": yaml: unmarshal errors:\n"
                + "  line 4: field sourcelabels not found in type relabel.plain");
  }

  @Test
  void aJobDefinedTwiceIsRejectedAsPrometheusDoes() throws IOException {
    String config =
        "scrape_config_files: [jobs.yml]\nscrape_configs:\n  - job_name: j\n  - job_name: k\n";
    write("jobs.yml", "scrape_configs:\n  - job_name: j\n");
    assertThat(loadError(config, "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo(
            "t.test.yml: jobs.yml:2: found multiple scrape configs with job name \"j\", first"
                + " found in main config file");
    assertThat(
            loadError(
                "scrape_configs:\n  - job_name: j\n  - job_name: j\n",
                "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo(
            "t.test.yml: prometheus.yml:3: found multiple scrape configs with job name \"j\"");
  }

  @Test
  void aStarOutsideTheLastSegmentIsRejectedAsPrometheusDoes() throws IOException {
    assertThat(
            loadError(
                "scrape_config_files:\n  - conf/*/jobs.yml\n",
                "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo(
            "t.test.yml: prometheus.yml:2: invalid scrape config file path \"conf/*/jobs.yml\"");
  }

  @Test
  void anUnknownNameValidationSchemeInTheConfig() throws IOException {
    assertThat(
            loadError(
                "global:\n  metric_name_validation_scheme: ascii\nscrape_configs:\n  - job_name: j\n",
                "config: prometheus.yml\njob: j\n" + TESTS))
        .isEqualTo("t.test.yml: prometheus.yml:2: unrecognized ValidationScheme: \"ascii\"");
  }

  @Test
  void aConfigThatIsNotYaml() throws IOException {
    assertThat(loadError("scrape_configs: [\n", "config: prometheus.yml\njob: j\n" + TESTS))
        .startsWith("t.test.yml: prometheus.yml:2: yaml: line ");
  }

  @Test
  void aMissingTestFile() {
    RelabelSuiteResult r = RelabelTestRunner.run(dir.resolve("none.yml"), n -> true);
    assertThat(r.error())
        .isEqualTo("open " + dir.resolve("none.yml") + ": no such file or directory");
    assertThat(r.results()).isEmpty();
  }
}
