package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.promsd.relabel.Compat;
import io.promsd.sd.spi.TargetGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scale figures, reported, not asserted (issue: 100k pods across 1k namespaces). Runs only with
 * {@code -Dpromsd.scale=true}, e.g. {@code mvn -B verify -pl sd-kubernetes -Dpromsd.scale=true
 * -Dit.test=KubernetesScaleIT}. Prints: time from start to the first complete set of groups, heap
 * retained per pod target (forced GC, {@link MemoryMXBean}; includes the informer store and the
 * groups the recording context keeps, as a manager would), and the time for a 1k-pod rolling update
 * to be delivered. Goals: 5 s, 2 KB per target, 1 s.
 */
@EnabledIfSystemProperty(named = "promsd.scale", matches = "true")
class KubernetesScaleIT {
  static final int NAMESPACES = 1_000;
  static final int PODS_PER_NAMESPACE = 100;

  static JsonObject pod(int ns, int i, String ip) {
    JsonObject o = KubernetesLiveTest.pod("ns-" + ns, "app-" + i + "-abcde", ip, "Running");
    o.getAsJsonObject("metadata")
        .add(
            "labels",
            com.google.gson.JsonParser.parseString(
                "{\"app\":\"app-"
                    + i
                    + "\",\"pod-template-hash\":\"5d8f9c7b6\","
                    + "\"app.kubernetes.io/part-of\":\"shop\"}"));
    o.getAsJsonObject("metadata")
        .add(
            "ownerReferences",
            com.google.gson.JsonParser.parseString(
                "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"app-"
                    + i
                    + "-5d8f9c7b6\",\"uid\":\"x\",\"controller\":true}]"));
    return o;
  }

  static String ip(int ns, int i, int generation) {
    return "10." + generation + "." + (ns / 4) + "." + ((ns % 4) * 60 + i % 60 + (i / 60) * 0);
  }

  static long usedHeap() throws InterruptedException {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200); // let the collector finish; this is measurement, not synchronisation
      best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  @Test
  void hundredThousandPods() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      for (int ns = 0; ns < NAMESPACES; ns++) {
        for (int i = 0; i < PODS_PER_NAMESPACE; i++) {
          fake.apply(ResourceKind.PODS, pod(ns, i, ip(ns, i, 1)));
        }
      }
      int total = NAMESPACES * PODS_PER_NAMESPACE;
      // The fake's own cost of serving the list, to tell it apart from the discoverer's.
      long s0 = System.nanoTime();
      java.net.http.HttpResponse<byte[]> list =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(fake.url() + "/api/v1/pods"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      long serveList = System.nanoTime() - s0;
      int listBytes = list.body().length;
      list = null;
      long before = usedHeap();

      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double load = os.getSystemLoadAverage();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      KubernetesSdConfig config =
          DiscovererRun.parse("role: pod\napi_server: " + fake.url() + "\n", Compat.PROMETHEUS_3);
      try (DiscovererRun run = DiscovererRun.start(config, DiscovererRun.FAST)) {
        assertThat(run.ctx.await(c -> !c.updates().isEmpty(), Duration.ofSeconds(120))).isTrue();
        long firstSet = System.nanoTime() - t0;
        long firstSetCpu = os.getProcessCpuTime() - cpu0;
        assertThat(run.ctx.updates().get(0)).hasSize(total);

        long after = usedHeap();
        double perTarget = (after - before) / (double) total;

        // Rolling update: 1k pods of one deployment-like set get new IPs.
        long t1 = System.nanoTime();
        for (int k = 0; k < 1_000; k++) {
          int ns = k % NAMESPACES;
          int i = k / NAMESPACES;
          fake.apply(ResourceKind.PODS, pod(ns, i, ip(ns, i, 2)));
        }
        assertThat(
                run.ctx.await(
                    c -> {
                      var state = c.state();
                      for (int k = 0; k < 1_000; k++) {
                        int ns = k % NAMESPACES;
                        int i = k / NAMESPACES;
                        TargetGroup g = state.get("pod/ns-" + ns + "/app-" + i + "-abcde");
                        if (g == null
                            || !g.targets()
                                .get(0)
                                .get("__address__")
                                .startsWith(ip(ns, i, 2) + ":")) {
                          return false;
                        }
                      }
                      return true;
                    },
                    Duration.ofSeconds(60)))
            .isTrue();
        long rolling = System.nanoTime() - t1;

        System.out.printf(
            "SCALE pods=%d namespaces=%d list_bytes=%d fake_serves_list_ms=%d first_full_set_ms=%d"
                + " (process_cpu_ms=%d, fake included) heap_per_target_bytes=%.0f"
                + " rolling_update_1k_ms=%d jdk=%s cpus=%d load_average=%.1f%n",
            total,
            NAMESPACES,
            listBytes,
            serveList / 1_000_000,
            firstSet / 1_000_000,
            firstSetCpu / 1_000_000,
            perTarget,
            rolling / 1_000_000,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            load);
      }
    }
  }
}
