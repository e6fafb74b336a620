package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.Snapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consul discovery through the real pipeline: prometheus.yml parsed by {@link ConfigLoader}, the
 * discoverer run by {@link DiscoveryManager}, groups relabeled and published as {@link TargetSet}s.
 * Uses Prometheus's own timing (the fake answers blocking queries as soon as data changes).
 */
class ConsulManagerTest {
  static final Duration DEADLINE = Duration.ofSeconds(10);

  private FakeConsul fake;
  private DiscoveryManager manager;

  @AfterEach
  void close() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (fake != null) {
      fake.close();
    }
    ThreadChecks.awaitNoConsulThreads(DEADLINE);
  }

  private PrometheusConfig config(String yaml) {
    return ConfigLoader.parse(
        yaml.replace("${FAKE}", fake.address()), Path.of("prometheus.yml"), Compat.PROMETHEUS_3);
  }

  private TargetSet await(Predicate<TargetSet> p) throws InterruptedException {
    return Snapshots.await(manager, p, DEADLINE);
  }

  private static List<String> instances(TargetSet set, String job) {
    return Snapshots.active(set, job, "instance");
  }

  @Test
  void publishedTargetsFollowRegistrationsThroughRelabeling() throws Exception {
    fake = FakeConsul.start();
    fake.register(FakeConsul.Instance.of("web", "web-1", "n1", "10.0.0.1", 8080).tags("prod"));
    fake.register(FakeConsul.Instance.of("web", "web-2", "n2", "10.0.0.2", 8080).tags("canary"));
    fake.register(FakeConsul.Instance.of("db", "db-1", "n3", "10.0.0.3", 5432).tags("prod"));
    manager = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    manager.apply(
        config(
            """
            scrape_configs:
              - job_name: consul
                consul_sd_configs:
                  - server: ${FAKE}
                    token: secret-token
                    refresh_interval: 10ms
                relabel_configs:
                  - source_labels: [__meta_consul_tags]
                    regex: '.*,canary,.*'
                    action: drop
                  - source_labels: [__meta_consul_service]
                    target_label: service
            """));
    TargetSet set =
        await(s -> instances(s, "consul").equals(List.of("10.0.0.1:8080", "10.0.0.3:5432")));
    JobTargets jt = set.job("consul").orElseThrow();
    assertThat(jt.dropped()).hasSize(1);
    ScrapeTarget web1 =
        jt.active().stream()
            .filter(t -> t.labels().get("instance").equals("10.0.0.1:8080"))
            .findFirst()
            .orElseThrow();
    assertThat(web1.labels().get("service")).isEqualTo("web");
    assertThat(web1.labels().get("job")).isEqualTo("consul");
    assertThat(web1.discoveredLabels().get("__meta_consul_dc")).isEqualTo("dc1");
    assertThat(web1.discoveredLabels().get("__meta_consul_tags")).isEqualTo(",prod,");

    fake.register(FakeConsul.Instance.of("web", "web-3", "n4", "10.0.0.4", 8080));
    await(s -> instances(s, "consul").contains("10.0.0.4:8080"));

    fake.deregister("db", "db-1"); // the service leaves the catalog: its targets go
    await(s -> !instances(s, "consul").contains("10.0.0.3:5432"));
    assertThat(manager.health()).isNotEmpty().allMatch(h -> h.lastError() == null);
  }

  @Test
  void identicalConfigsInTwoJobsShareOneDiscoverer() throws Exception {
    fake = FakeConsul.start();
    fake.register(FakeConsul.Instance.of("web", "web-1", "n1", "10.0.0.1", 8080));
    manager = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    manager.apply(
        config(
            """
            scrape_configs:
              - job_name: a
                consul_sd_configs: [{server: "${FAKE}", services: [web]}]
              - job_name: b
                consul_sd_configs: [{server: "${FAKE}", services: [web]}]
            """));
    await(s -> instances(s, "a").size() == 1 && instances(s, "b").size() == 1);
    assertThat(manager.health()).hasSize(1);
    assertThat(fake.requests().stream().filter(r -> r.path().equals("/v1/agent/self")).count())
        .isEqualTo(1);
  }

  @Test
  void faultsShowInHealthAndKeepTheTargets() throws Exception {
    fake = FakeConsul.start();
    fake.register(FakeConsul.Instance.of("web", "web-1", "n1", "10.0.0.1", 8080));
    manager = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    manager.apply(
        config(
            """
            scrape_configs:
              - job_name: consul
                consul_sd_configs: [{server: "${FAKE}", token: tok-SECRET-77, refresh_interval: 10ms}]
            """));
    await(s -> instances(s, "consul").size() == 1);
    fake.fail("/v1/", 500, "boom tok-SECRET-77");
    Await.until(
        () -> manager.health().get(0).lastError() != null,
        DEADLINE,
        () -> "an error in health: " + manager.health());
    ProviderHealth h = manager.health().get(0);
    assertThat(h.lastError()).contains("Unexpected response code: 500 (boom <secret>)");
    assertThat(h.healthy()).isFalse();
    assertThat(instances(manager.current(), "consul")).containsExactly("10.0.0.1:8080");
    for (String line : CapturedLogs.lines()) {
      assertThat(line).doesNotContain("tok-SECRET-77");
    }
  }

  @Test
  void reloadWithAnotherConfigStopsTheOldDiscoverer() throws Exception {
    fake = FakeConsul.start();
    fake.register(FakeConsul.Instance.of("web", "web-1", "n1", "10.0.0.1", 8080));
    fake.register(FakeConsul.Instance.of("db", "db-1", "n3", "10.0.0.3", 5432));
    manager = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    manager.apply(
        config(
            """
            scrape_configs:
              - job_name: consul
                consul_sd_configs: [{server: "${FAKE}", services: [web]}]
            """));
    await(s -> instances(s, "consul").equals(List.of("10.0.0.1:8080")));
    manager.apply(
        config(
            """
            scrape_configs:
              - job_name: consul
                consul_sd_configs: [{server: "${FAKE}", services: [db]}]
            """));
    await(s -> instances(s, "consul").equals(List.of("10.0.0.3:5432")));
    assertThat(manager.health()).hasSize(1);
  }
}
