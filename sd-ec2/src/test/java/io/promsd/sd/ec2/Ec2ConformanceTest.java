package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the EC2 discovery corpus: {@code testdata/ec2/promtool-2.42/discovery.yaml} (recorded
 * from promtool 2.42 against the fake endpoint) under {@code --compat=2}, and {@code
 * testdata/ec2/prometheus-3/discovery.yaml} (3.x cases written from the source, plus the recorded
 * cases that 3.x answers the same way) under {@code --compat=3}. Each case serves the same payload
 * files from {@link Ec2Fake}, parses the same {@code ec2_sd_configs} through the real factory, runs
 * one refresh of the real discoverer on the real SDK client, and compares the targets with what
 * promtool printed (its {@code discoveredLabels} without the job's defaults, with equal results
 * printed once as promtool does) and the requests with what promtool sent.
 */
class Ec2ConformanceTest {
  // Added by promtool's PopulateLabels (scrape/target.go), not by the discoverer.
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  record Case(
      String name,
      Compat compat,
      String payload,
      String sdConfigs,
      Map<String, Node> errors,
      Map<String, String> env,
      List<Map<String, String>> expected,
      Node requests) {}

  @TestFactory
  Stream<DynamicTest> promtool242() {
    Path file = Ec2Fixtures.ec2().resolve("promtool-2.42/discovery.yaml");
    return recorded(file, Compat.PROMETHEUS_2).stream()
        .map(
            c -> DynamicTest.dynamicTest("promtool-2.42/discovery.yaml:" + c.name(), () -> run(c)));
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    Path file = Ec2Fixtures.ec2().resolve("prometheus-3/discovery.yaml");
    return prometheus3Cases(file).stream()
        .map(c -> DynamicTest.dynamicTest("prometheus-3/discovery.yaml:" + c.name(), () -> run(c)));
  }

  static List<Case> recorded(Path file, Compat compat) {
    List<Case> out = new ArrayList<>();
    for (Node c : SdFixtures.map(SdFixtures.yaml(file)).get("cases").items()) {
      out.add(recordedCase(c, compat));
    }
    return out;
  }

  private static Case recordedCase(Node c, Compat compat) {
    Map<String, Node> f = SdFixtures.map(c);
    Node stdout = Documents.parseJson(f.get("stdout").text(), "stdout");
    List<Map<String, String>> expected = new ArrayList<>();
    for (Node result : stdout.items()) {
      Map<String, String> labels = new TreeMap<>();
      for (Map.Entry<String, Node> l :
          SdFixtures.map(SdFixtures.map(result).get("discoveredLabels")).entrySet()) {
        // Labels never hold empty values (an empty label is a missing one in Prometheus).
        if (!JOB_DEFAULTS.contains(l.getKey()) && !l.getValue().text().isEmpty()) {
          labels.put(l.getKey(), l.getValue().text());
        }
      }
      expected.add(labels);
    }
    return new Case(
        f.get("name").text(),
        compat,
        f.get("payload").text(),
        f.get("sd_configs").text(),
        SdFixtures.map(f.get("errors")),
        Map.of(),
        expected,
        f.get("requests"));
  }

  static List<Case> prometheus3Cases(Path file) {
    Map<String, Node> top = SdFixtures.map(SdFixtures.yaml(file));
    Map<String, Case> recorded = new LinkedHashMap<>();
    for (Case c :
        recorded(Ec2Fixtures.ec2().resolve("promtool-2.42/discovery.yaml"), Compat.PROMETHEUS_3)) {
      recorded.put(c.name(), c);
    }
    List<Case> out = new ArrayList<>();
    for (Node s : top.get("same_as_2_42").items()) {
      Case c = recorded.get(s.text());
      assertThat(c).as("recorded case %s", s.text()).isNotNull();
      out.add(
          new Case(
              "same-as-2.42/" + c.name(),
              c.compat(),
              c.payload(),
              c.sdConfigs(),
              c.errors(),
              c.env(),
              c.expected(),
              c.requests()));
    }
    for (Node c : top.get("cases").items()) {
      Map<String, Node> f = SdFixtures.map(c);
      assertThat(f.get("source")).as("source of %s", f.get("name").text()).isNotNull();
      List<Map<String, String>> expected = new ArrayList<>();
      for (Node t : f.get("targets").items()) {
        Map<String, String> labels = new TreeMap<>();
        SdFixtures.map(t).forEach((k, v) -> labels.put(k, v.text()));
        labels.values().removeIf(String::isEmpty);
        expected.add(labels);
      }
      Map<String, String> env = new TreeMap<>();
      SdFixtures.map(f.get("env")).forEach((k, v) -> env.put(k, v.text()));
      out.add(
          new Case(
              f.get("name").text(),
              Compat.PROMETHEUS_3,
              f.get("payload").text(),
              f.get("sd_configs").text(),
              SdFixtures.map(f.get("errors")),
              env,
              expected,
              f.get("requests")));
    }
    return out;
  }

  private static void run(Case c) {
    try (Ec2Fake fake = Ec2Fake.start()) {
      fake.serve(Ec2Fixtures.payloads().resolve(c.payload()));
      c.errors()
          .forEach(
              (action, spec) -> {
                Map<String, Node> e = SdFixtures.map(spec);
                int page = e.containsKey("page") ? Integer.parseInt(e.get("page").text()) : 0;
                fake.fail(
                    action,
                    Integer.parseInt(e.get("status").text()),
                    e.get("code").text(),
                    e.get("message").text(),
                    page,
                    -1);
              });
      String yml =
          SdFixtures.prometheusYml(
              "ec2", c.sdConfigs().replace("http://127.0.0.1:PORT", fake.uri().toString()));
      Function<String, String> env = c.env()::get;
      RegionResolver regions =
          new RegionResolver(
              env,
              () -> null,
              () -> {
                throw new IllegalStateException("no instance-metadata service in tests");
              });
      List<Ec2SdConfig> configs = Ec2Fixtures.parse(yml, c.compat(), regions);
      assertThat(configs).hasSize(1);
      Ec2Discoverer d =
          new Ec2Discoverer(configs.get(0), (cfg, r) -> SdkEc2Api.create(cfg, r, false), regions);
      List<List<TargetGroup>> updates;
      try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(30));
        updates = ctx.updates();
        if (promtoolView(updates).isEmpty() && !c.expected().isEmpty()) {
          throw new AssertionError("no targets; errors: " + ctx.errors());
        }
        if (updates.stream().allMatch(List::isEmpty)) {
          assertThat(ctx.errors()).as("a refresh without update reports an error").isNotEmpty();
        }
      }
      assertThat(promtoolView(updates)).isEqualTo(c.expected());
      if (c.requests() != null) {
        assertThat(Ec2Fake.summary(fake.requests())).isEqualTo(recordedRequests(c.requests()));
      }
    }
  }

  /**
   * What promtool's {@code check service-discovery} prints for these updates (cmd/promtool/sd.go):
   * every target of every group with the group's labels merged under its own, each distinct result
   * once, in order.
   */
  static List<Map<String, String>> promtoolView(List<List<TargetGroup>> updates) {
    List<Map<String, String>> out = new ArrayList<>();
    for (List<TargetGroup> update : updates) {
      for (TargetGroup g : update) {
        for (Labels t : g.targets()) {
          Map<String, String> m = new TreeMap<>(g.labels().asMap());
          m.putAll(t.asMap());
          if (!out.contains(m)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  static List<Map<String, Object>> recordedRequests(Node requests) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node r : requests.items()) {
      Map<String, Node> f = SdFixtures.map(r);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", f.get("action").text());
      Map<String, String> form = new TreeMap<>();
      SdFixtures.map(f.get("form")).forEach((k, v) -> form.put(k, v.text()));
      m.put("form", form);
      m.put("scope", f.get("scope").items().stream().map(Node::text).toList());
      out.add(m);
    }
    return out;
  }
}
