package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.testing.Snapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The whole path: prometheus.yml through sd-core's loader (which finds this module's factory), the
 * discovery manager running the Kubernetes discoverer against the fake, relabeling, and the
 * published target sets.
 */
class KubernetesManagerTest {

  private static TargetSet awaitSet(DiscoveryManager m, Predicate<TargetSet> cond)
      throws InterruptedException {
    return Snapshots.await(m, cond, Duration.ofSeconds(20));
  }

  private static List<String> instances(TargetSet s, String job) {
    return Snapshots.active(s, job, "instance");
  }

  @Test
  void publishedTargetsFollowThePods() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, KubernetesLiveTest.pod("default", "a", "10.0.0.1", "Running"));
      fake.apply(
          ResourceKind.PODS, KubernetesLiveTest.pod("kube-system", "k", "10.0.0.9", "Running"));
      String yaml =
          """
          scrape_configs:
            - job_name: pods
              kubernetes_sd_configs:
                - role: pod
                  api_server: %s
              relabel_configs:
                - source_labels: [__meta_kubernetes_namespace]
                  regex: kube-system
                  action: drop
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: pod
          """
              .formatted(fake.url());
      PrometheusConfig config =
          ConfigLoader.parse(yaml, Path.of("prometheus.yml"), Compat.PROMETHEUS_3);
      try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build()) {
        m.apply(config);
        TargetSet s = awaitSet(m, t -> instances(t, "pods").equals(List.of("10.0.0.1:8080")));
        ScrapeTarget a = s.job("pods").orElseThrow().active().get(0);
        assertThat(a.labels().get("pod")).isEqualTo("a");
        assertThat(a.discoveredLabels().get("__meta_kubernetes_pod_label_app")).isEqualTo("web");
        assertThat(s.job("pods").orElseThrow().dropped()).hasSize(1);

        fake.apply(
            ResourceKind.PODS, KubernetesLiveTest.pod("default", "b", "10.0.0.2", "Running"));
        awaitSet(m, t -> instances(t, "pods").equals(List.of("10.0.0.1:8080", "10.0.0.2:8080")));

        fake.delete(ResourceKind.PODS, "default", "a");
        awaitSet(m, t -> instances(t, "pods").equals(List.of("10.0.0.2:8080")));

        // An outage keeps the last targets.
        fake.kill();
        long v = m.current().version();
        assertThat(m.awaitUpdate(v, Duration.ofMillis(300))).isEmpty();
        assertThat(instances(m.current(), "pods")).containsExactly("10.0.0.2:8080");
        assertThat(m.health()).isNotEmpty();
      }
    }
  }
}
