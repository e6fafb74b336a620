package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.testing.SdFixtures;
import io.promsd.sd.testing.Snapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * EC2 discovery end to end through sd-core: {@link ConfigLoader} finds the factory by its key,
 * {@link DiscoveryManager} runs the discoverer the config creates (the production SDK client, built
 * lazily) and populates targets. The recorded promtool 2.42 cases must come out exactly as promtool
 * printed them: discovered labels with the job's defaults, and the final labels.
 */
class Ec2ManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TestFactory
  Stream<DynamicTest> recordedCasesThroughTheManager() {
    Path file = Ec2Fixtures.ec2().resolve("promtool-2.42/discovery.yaml");
    return SdFixtures.map(SdFixtures.yaml(file)).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = SdFixtures.map(c);
              return DynamicTest.dynamicTest(
                  "promtool-2.42/discovery.yaml:" + f.get("name").text(), () -> replay(f));
            });
  }

  private static void replay(Map<String, Node> f) throws InterruptedException {
    try (Ec2Fake fake = Ec2Fake.start()) {
      fake.serve(Ec2Fixtures.payloads().resolve(f.get("payload").text()));
      SdFixtures.map(f.get("errors"))
          .forEach(
              (action, spec) -> {
                Map<String, Node> e = SdFixtures.map(spec);
                fake.fail(
                    action,
                    Integer.parseInt(e.get("status").text()),
                    e.get("code").text(),
                    e.get("message").text(),
                    e.containsKey("page") ? Integer.parseInt(e.get("page").text()) : 0,
                    -1);
              });
      String yml =
          SdFixtures.prometheusYml(
              "ec2",
              f.get("sd_configs").text().replace("http://127.0.0.1:PORT", fake.uri().toString()));
      PrometheusConfig config =
          ConfigLoader.parse(yml, Path.of("prometheus.yml"), Compat.PROMETHEUS_2);
      try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build()) {
        m.apply(config);
        TargetSet set = m.awaitReady(List.of("ec2"), WAIT).orElseThrow();
        assertThat(set).as("ready").isNotNull();
        assertThat(promtoolView(set.job("ec2").orElseThrow()))
            .isEqualTo(expected(f.get("stdout").text()));
      }
    }
  }

  /** promtool's pairs of (discoveredLabels, labels), each distinct pair once. */
  private static List<List<Map<String, String>>> promtoolView(JobTargets job) {
    List<List<Map<String, String>>> out = new ArrayList<>();
    for (ScrapeTarget t : job.active()) {
      List<Map<String, String>> pair = List.of(map(t.discoveredLabels()), map(t.labels()));
      if (!out.contains(pair)) {
        out.add(pair);
      }
    }
    return out;
  }

  private static Map<String, String> map(Labels l) {
    return new TreeMap<>(l.asMap());
  }

  private static List<List<Map<String, String>>> expected(String stdout) {
    List<List<Map<String, String>>> out = new ArrayList<>();
    for (Node r : Documents.parseJson(stdout, "stdout").items()) {
      Map<String, Node> f = SdFixtures.map(r);
      out.add(List.of(nonEmpty(f.get("discoveredLabels")), nonEmpty(f.get("labels"))));
    }
    return out;
  }

  private static Map<String, String> nonEmpty(Node labels) {
    Map<String, String> m = new TreeMap<>();
    SdFixtures.map(labels)
        .forEach(
            (k, v) -> {
              if (!v.text().isEmpty()) {
                m.put(k, v.text());
              }
            });
    return m;
  }

  @Test
  void aFailingRefreshKeepsTheTargetsAndShowsInHealth() throws InterruptedException {
    try (Ec2Fake fake = Ec2Fake.start()) {
      fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
      String yml =
          """
          scrape_configs:
            - job_name: ec2
              ec2_sd_configs:
                - region: us-east-1
                  endpoint: %s
                  access_key: AKIDPROMSDTEST
                  secret_key: promsd-manager-secret
                  refresh_interval: 100ms
              relabel_configs:
                - source_labels: [__meta_ec2_instance_state]
                  regex: running
                  action: keep
          """
              .formatted(fake.uri());
      try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build()) {
        m.apply(ConfigLoader.parse(yml, Path.of("prometheus.yml"), Compat.PROMETHEUS_3));
        TargetSet set = m.awaitReady(List.of("ec2"), WAIT).orElseThrow();
        assertThat(instances(set)).containsExactly("i-a");

        fake.fail("DescribeInstances", 403, "UnauthorizedOperation");
        awaitHealth(m, h -> h.lastError() != null);
        ProviderHealth h = m.health().get(0);
        assertThat(h.healthy()).isFalse();
        assertThat(h.mechanism()).isEqualTo("ec2");
        assertThat(h.lastError())
            .contains("could not describe instances")
            .contains("UnauthorizedOperation")
            .doesNotContain("promsd-manager-secret");
        assertThat(instances(m.current())).containsExactly("i-a"); // stale beats nothing

        fake.recover()
            .serveInstances(
                Ec2Fake.instance("i-a", "10.0.0.1", "running"),
                Ec2Fake.instance("i-b", "10.0.0.2", "stopped"),
                Ec2Fake.instance("i-c", "10.0.0.3", "running"));
        set = awaitTargets(m, s -> instances(s).size() == 2);
        assertThat(instances(set)).containsExactly("i-a", "i-c");
        assertThat(set.job("ec2").orElseThrow().dropped()).hasSize(1);
        awaitHealth(m, ProviderHealth::healthy);
      }
    }
  }

  private static List<String> instances(TargetSet set) {
    return set.job("ec2").orElseThrow().active().stream()
        .map(t -> t.discoveredLabels().get("__meta_ec2_instance_id"))
        .toList();
  }

  private static TargetSet awaitTargets(DiscoveryManager m, Predicate<TargetSet> cond)
      throws InterruptedException {
    return Snapshots.await(m, cond, WAIT);
  }

  /** Health has no change notification: look again every few milliseconds, up to the deadline. */
  private static void awaitHealth(DiscoveryManager m, Predicate<ProviderHealth> cond) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (m.health().isEmpty() || !cond.test(m.health().get(0))) {
      assertThat(deadline - System.nanoTime()).as("waiting for health").isPositive();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // look again shortly
    }
  }
}
