package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on the bundled example ({@code testdata/examples}), whose expected targets were
 * recorded from promtool 2.42 by {@code testdata/examples/record.sh}; exit codes; secrets.
 */
class CliTest {
  @TempDir Path tmp;

  record Out(int code, String out, String err) {}

  static Out promsd(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Out(code, out.toString(), err.toString());
  }

  static Path examples() {
    return E2eConformanceTest.testdata().resolve("examples");
  }

  private static String wd() {
    return "--working-directory=" + examples();
  }

  /** The non-empty label sets of promtool's recorded answer for a job, canonical and sorted. */
  private static List<String> promtoolLabels(String job) throws Exception {
    String json = Files.readString(examples().resolve("expected/promtool-2.42-" + job + ".json"));
    List<String> out = new ArrayList<>();
    for (Node e : Documents.parseJson(json, job).items()) {
      Map<String, String> m = new TreeMap<>();
      for (Map.Entry<Node, Node> kv : e.entries().get(1).getValue().entries()) {
        m.put(kv.getKey().text(), kv.getValue().text());
      }
      if (!m.isEmpty()) {
        out.add(m.toString());
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void targetsJsonMatchesPromtoolOnTheBundledExample() throws Exception {
    for (String job : List.of("prometheus", "node", "blackbox-http")) {
      Out o = promsd("targets", "prometheus.yml", wd(), "--compat=2", "--job", job, "-o", "json");
      assertThat(o.code).as(o.err).isZero();
      Node root = Documents.parseJson(o.out, "out");
      Node jobNode = root.entries().get(1).getValue().items().get(0);
      List<String> got = new ArrayList<>();
      for (Node t : jobNode.entries().get(1).getValue().items()) {
        for (Map.Entry<Node, Node> f : t.entries()) {
          if (f.getKey().text().equals("labels")) {
            Map<String, String> m = new TreeMap<>();
            for (Map.Entry<Node, Node> kv : f.getValue().entries()) {
              m.put(kv.getKey().text(), kv.getValue().text());
            }
            got.add(m.toString());
          }
        }
      }
      got.sort(null);
      assertThat(got).as(job).isEqualTo(promtoolLabels(job));
    }
  }

  @Test
  void targetsTableNamesTheDroppingRule() {
    Out o = promsd("targets", "prometheus.yml", wd(), "--job", "node");
    assertThat(o.code).isZero();
    assertThat(o.out)
        .startsWith("job \"node\": 4 active, 2 dropped, 0 failed")
        .contains("DROPPED  10.0.1.20  by rule 0 {source_labels: [env], regex: \"production\"");
  }

  @Test
  void explainShowsEachRule() {
    Out o = promsd("targets", "prometheus.yml", wd(), "--job", "node", "--explain");
    assertThat(o.code).isZero();
    assertThat(o.out)
        .contains("#0 keep      [env] \"production\" =~ `production` => kept")
        .contains("#0 keep      [env] \"staging\" !~ `production` => dropped")
        .contains("=> +rack=\"rack1\"");
  }

  @Test
  void yamlOutputIsYaml() {
    Out o = promsd("targets", "prometheus.yml", wd(), "--job", "prometheus", "-o", "yaml");
    assertThat(o.code).isZero();
    Node root = Documents.parseYaml(o.out, "out");
    assertThat(root.entries().get(1).getKey().text()).isEqualTo("jobs");
    assertThat(o.out).contains("\"instance\": \"localhost:9090\"");
  }

  @Test
  void checkConfigPassesAndFailsLikePromtool() throws Exception {
    Out ok = promsd("check", "config", wd(), "prometheus.yml");
    assertThat(ok.code).isZero();
    assertThat(ok.out)
        .isEqualTo(
            "Checking prometheus.yml\n"
                + " SUCCESS: prometheus.yml is valid prometheus config file syntax\n\n");

    Path bad = tmp.resolve("prometheus.yml");
    Files.writeString(
        bad,
        """
        scrape_configs:
          - job_name: node
            relabel_configs:
              - target_label: a
              - action: hashmod
                target_label: b
        """);
    Out o = promsd("check", "config", bad.toString());
    assertThat(o.code).isEqualTo(1);
    assertThat(o.err)
        .contains(
            "  FAILED: parsing YAML file "
                + bad
                + ": relabel configuration for hashmod requires non-zero modulus")
        .contains("at " + bad + ":5, job \"node\", relabel rule 1");
  }

  @Test
  void usageErrorsExitTwoAndUnknownJobsOne() {
    assertThat(promsd("targets").code).isEqualTo(2);
    assertThat(promsd("check", "service-discovery", "--compat=7", "x.yml", "j").code).isEqualTo(2);
    Out o = promsd("check", "service-discovery", wd(), "prometheus.yml", "nope");
    assertThat(o.code).isEqualTo(1);
    assertThat(o.err)
        .isEqualTo("Job nope not found. Select one of:\n\tprometheus\n\tnode\n\tblackbox-http\n");
  }

  @Test
  void secretsNeverShow() throws Exception {
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(
        cfg,
        """
        scrape_configs:
          - job_name: secret
            bearer_token: s3cr3t-token
            basic_auth:
              username: u
              password: hunter2
            static_configs:
              - targets: [a:1]
        """);
    // Both auth methods: the config is rejected, and the error must not echo the secrets.
    Out o = promsd("check", "config", cfg.toString());
    assertThat(o.code).isEqualTo(1);
    assertThat(o.out + o.err).doesNotContain("s3cr3t-token").doesNotContain("hunter2");

    Files.writeString(
        cfg,
        """
        scrape_configs:
          - job_name: secret
            basic_auth:
              username: u
              password: hunter2
            static_configs:
              - targets: [a:1]
        """);
    PrometheusConfig loaded = ConfigLoader.load(cfg, Compat.PROMETHEUS_3);
    assertThat(loaded.toString()).doesNotContain("hunter2").contains("<secret>");
    Out t = promsd("targets", cfg.toString(), "-o", "json");
    assertThat(t.code).isZero();
    assertThat(t.out + t.err).doesNotContain("hunter2");
  }
}
