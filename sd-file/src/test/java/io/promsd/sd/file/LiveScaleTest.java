package io.promsd.sd.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.Snapshots;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-process figures for the README (sd-metrics/README.md), not a test: runs only with {@code
 * -Dpromsd.scale=true} and asserts no timing. Reproduce with:
 *
 * <pre>
 * mvn -B test -pl sd-file -am -Dtest=LiveScaleTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpromsd.scale=true
 * </pre>
 *
 * <ul>
 *   <li>file change to listener latency: a file SD file rewritten (atomic rename, and in place)
 *       {@value #CHANGES} times, update interval zero, time from the write to the listener seeing
 *       the new target;
 *   <li>group updates per second into a manager holding 10k targets (1000 groups of 10, five
 *       relabel rules), each update replacing one group;
 *   <li>retained heap per active target with 100k targets, after forced GCs.
 * </ul>
 */
@EnabledIfSystemProperty(named = "promsd.scale", matches = "true")
class LiveScaleTest {
  static final int CHANGES = 300;
  private static final int WARMUP = 30;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void fileChangeToListenerLatency() throws Exception {
    for (boolean rename : new boolean[] {true, false}) {
      Path sd = Files.createDirectories(dir.resolve(rename ? "rename" : "inplace"));
      Path file = sd.resolve("targets.json");
      write(file, 0, rename);
      String yaml =
          "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: ['"
              + sd
              + "/*.json']}]\n";
      PrometheusConfig cfg =
          ConfigLoader.parse(yaml, dir.resolve("prometheus.yml"), Compat.PROMETHEUS_3);
      long[] seen = new long[CHANGES + 1];
      try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build()) {
        m.subscribe(
            s -> {
              long now = System.nanoTime();
              JobTargets t = s.jobs().get("a");
              if (t != null && !t.active().isEmpty()) {
                String addr = t.active().get(0).labels().get("__address__");
                int i = Integer.parseInt(addr.substring(1, addr.indexOf(':')));
                synchronized (seen) {
                  if (seen[i] == 0) {
                    seen[i] = now;
                    seen.notifyAll();
                  }
                }
              }
            });
        m.apply(cfg);
        await(seen, 0);
        long[] latency = new long[CHANGES];
        for (int i = 1; i <= CHANGES; i++) {
          long start = write(file, i, rename);
          await(seen, i);
          latency[i - 1] = seen[i] - start;
        }
        report(
            "file change -> listener ("
                + (rename ? "atomic rename" : "write in place")
                + ", updateInterval 0, "
                + (CHANGES - WARMUP)
                + " changes after "
                + WARMUP
                + " warm-up)",
            Arrays.copyOfRange(latency, WARMUP, CHANGES));
      }
    }
  }

  /** Writes 10 targets, the first {@code h<i>:80}; returns when the write became visible. */
  private static long write(Path file, int i, boolean rename) throws Exception {
    StringBuilder sb = new StringBuilder("[{\"targets\": [\"h" + i + ":80\"");
    for (int k = 1; k < 10; k++) {
      sb.append(", \"10.0.0.").append(k).append(":80\"");
    }
    sb.append("], \"labels\": {\"env\": \"prod\", \"team\": \"sre\"}}]\n");
    if (rename) {
      Path tmp = file.resolveSibling(".targets.json.tmp");
      Files.writeString(tmp, sb);
      long start = System.nanoTime();
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return start;
    }
    long start = System.nanoTime();
    Files.writeString(file, sb);
    return start;
  }

  private static void await(long[] seen, int i) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (seen) {
      while (seen[i] == 0) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("change %d not seen", i).isPositive();
        TimeUnit.NANOSECONDS.timedWait(seen, left);
      }
    }
  }

  @Test
  void groupUpdatesPerSecondWith10kTargets() throws Exception {
    for (Duration interval : List.of(Duration.ZERO, Duration.ofSeconds(5))) {
      String id = "throughput-" + interval;
      try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(interval).build()) {
        m.apply(config(id));
        DiscoveryContext ctx = Fake.await(id);
        List<TargetGroup> all = new ArrayList<>();
        for (int g = 0; g < 1000; g++) {
          all.add(group(g, 10, 0));
        }
        ctx.update(all);
        awaitActive(m, 10_000);
        int updates = 50_000;
        for (int round = 0; round < 2; round++) { // the first round warms up
          List<List<TargetGroup>> batches = new ArrayList<>(updates);
          for (int u = 1; u <= updates; u++) {
            batches.add(List.of(group(u % 1000, 10, round * updates + u)));
          }
          long start = System.nanoTime();
          long v0 = m.current().version();
          for (List<TargetGroup> b : batches) {
            ctx.update(b);
          }
          int lastGen = round * updates + updates;
          String lastPod = "app-" + lastGen % 1000 + "-0-" + lastGen;
          // groups() is queued behind every update, so it answers once all are applied (it gives
          // up after 10 s, hence the loop).
          while (m.groups("a").stream()
              .noneMatch(g -> lastPod.equals(g.targets().get(0).get("__meta_pod_name")))) {
            Thread.onSpinWait();
          }
          long applied = System.nanoTime() - start;
          TargetSet last = m.current();
          if (interval.isZero()) {
            last = awaitLast(m, round * updates + updates);
          }
          long published = System.nanoTime() - start;
          if (round == 1) {
            System.out.printf(
                "group updates into the manager (10k targets, 1000 groups of 10, 5 relabel rules,"
                    + " updateInterval %s): %,d updates applied in %d ms = %,.0f updates/s;"
                    + " %d snapshots published%s%n",
                interval,
                updates,
                TimeUnit.NANOSECONDS.toMillis(applied),
                updates / (applied / 1e9),
                last.version() - v0,
                interval.isZero()
                    ? String.format(
                        ", final state published after %d ms",
                        TimeUnit.NANOSECONDS.toMillis(published))
                    : "");
          }
        }
      }
    }
  }

  @Test
  void retainedHeapPerActiveTarget() throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    String id = "heap";
    try (DiscoveryManager m = DiscoveryManager.builder().updateInterval(Duration.ZERO).build()) {
      m.apply(config(id));
      DiscoveryContext ctx = Fake.await(id);
      awaitVersion(m, 1);
      long before = usedAfterGc(mem);
      push(ctx);
      TargetSet s = awaitActive(m, 100_000);
      long after = usedAfterGc(mem);
      double per = (after - before) / 100_000.0;
      System.out.printf(
          "retained heap with 100k active targets (1000 groups of 100; 4 target labels, 3 group"
              + " labels, 5 relabel rules): %,d KB total, %.0f bytes per active target%n",
          (after - before) / 1024, per);
      assertThat(s.activeCount()).isEqualTo(100_000); // keeps the snapshot reachable until here
    }
  }

  /** The groups are made here, so that only the manager keeps them. */
  private static void push(DiscoveryContext ctx) {
    List<TargetGroup> all = new ArrayList<>();
    for (int g = 0; g < 1000; g++) {
      all.add(group(g, 100, 0));
    }
    ctx.update(all);
  }

  private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---- a fake discoverer and a realistic job -------------------------------------------------

  /** A group that looks like a Kubernetes pod group: pod name, IP and node per target. */
  static TargetGroup group(int g, int size, int generation) {
    List<Labels> targets = new ArrayList<>(size);
    for (int t = 0; t < size; t++) {
      int n = g * size + t;
      String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
      targets.add(
          Labels.of(
              "__address__", ip + ":9100",
              "__meta_pod_name", "app-" + g + "-" + t + "-" + generation,
              "__meta_pod_ip", ip,
              "__meta_node", "node-" + (n % 100)));
    }
    return new TargetGroup(
        "pods/ns" + (g % 20) + "/app-" + g,
        Labels.of("__meta_namespace", "ns" + (g % 20), "env", "prod", "team", "team" + (g % 7)),
        targets);
  }

  private static PrometheusConfig config(String id) {
    String yaml =
        """
        scrape_configs:
          - job_name: a
            relabel_configs:
              - {action: keep, source_labels: [env], regex: prod|staging}
              - {source_labels: [__meta_namespace], target_label: namespace}
              - {source_labels: [__meta_pod_name], target_label: pod}
              - {source_labels: [__meta_node], target_label: node}
              - {action: drop, source_labels: [__meta_pod_name], regex: 'canary-.*'}
        """;
    PrometheusConfig c = ConfigLoader.parse(yaml, Path.of("p.yml"), Compat.PROMETHEUS_3);
    ScrapeConfig j = c.scrapeConfigs().get(0);
    assertThat(j.relabelConfigs()).hasSize(5);
    ScrapeConfig withFake = j.toBuilder().sdConfigs(List.of(new Fake(id))).build();
    return new PrometheusConfig(c.file(), c.compat(), c.global(), List.of(withFake), c.ruleFiles());
  }

  /** An SD config whose discoverer hands its context to the harness. */
  record Fake(String id) implements SdConfig {
    static final Map<String, CompletableFuture<DiscoveryContext>> CONTEXTS =
        new ConcurrentHashMap<>();

    static DiscoveryContext await(String id) throws Exception {
      return CONTEXTS.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }

    @Override
    public String mechanism() {
      return "fake";
    }

    @Override
    public Discoverer newDiscoverer() {
      return ctx -> {
        CONTEXTS.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(ctx);
        while (!ctx.isCancelled()) {
          ctx.sleep(Duration.ofHours(1));
        }
      };
    }
  }

  private static TargetSet awaitActive(DiscoveryManager m, int n) throws InterruptedException {
    return awaitState(m, s -> s.activeCount() == n);
  }

  private static TargetSet awaitVersion(DiscoveryManager m, long v) throws InterruptedException {
    return awaitState(m, s -> s.version() >= v);
  }

  /** Waits for the snapshot holding the pod of generation {@code gen} (the last update sent). */
  private static TargetSet awaitLast(DiscoveryManager m, int gen) throws InterruptedException {
    String pod = "app-" + gen % 1000 + "-0-" + gen;
    return awaitState(
        m,
        s ->
            s.job("a").stream()
                .flatMap(j -> j.active().stream())
                .anyMatch(t -> pod.equals(t.labels().get("pod"))));
  }

  private static TargetSet awaitState(DiscoveryManager m, java.util.function.Predicate<TargetSet> p)
      throws InterruptedException {
    return Snapshots.await(m, p, WAIT);
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }
}
