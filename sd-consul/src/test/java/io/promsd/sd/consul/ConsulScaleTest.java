package io.promsd.sd.consul;

import com.sun.management.OperatingSystemMXBean;
import io.promsd.relabel.Compat;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scale harness, not a test of pass or fail: runs only with {@code -Dpromsd.scale=true}. The fake
 * agent serves 5,000 services of 4 instances each; the discoverer watches the whole catalog with
 * Prometheus's timing (2-minute blocking waits, default 30 s refresh). It reports the time to the
 * first full target set, then, at rest (nothing changes), the CPU time and the requests per minute
 * over a window that spans one expiry of the blocking waits.
 *
 * <pre>{@code
 * mvn -B verify -pl sd-consul -am -Dtest=ConsulScaleTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpromsd.scale=true [-Dpromsd.scale.services=5000] [-Dpromsd.scale.window=PT130S]
 * }</pre>
 */
@EnabledIfSystemProperty(named = "promsd.scale", matches = "true")
class ConsulScaleTest {

  @Test
  void fiveThousandServicesOfFourInstances() throws Exception {
    int services = Integer.getInteger("promsd.scale.services", 5000);
    int instances = Integer.getInteger("promsd.scale.instances", 4);
    Duration window = Duration.parse(System.getProperty("promsd.scale.window", "PT130S"));
    CapturedLogs.enabled(false);

    try (FakeConsul fake = FakeConsul.start()) {
      for (int s = 0; s < services; s++) {
        StringBuilder arr = new StringBuilder("[");
        for (int i = 0; i < instances; i++) {
          if (i > 0) {
            arr.append(',');
          }
          int host = s * instances + i;
          arr.append("{\"Node\":{\"Node\":\"node-")
              .append(host)
              .append("\",\"Address\":\"10.")
              .append((host >> 16) & 255)
              .append('.')
              .append((host >> 8) & 255)
              .append('.')
              .append(host & 255)
              .append("\",\"Meta\":{\"rack\":\"r")
              .append(host % 40)
              .append("\"}},\"Service\":{\"ID\":\"svc-")
              .append(s)
              .append('-')
              .append(i)
              .append("\",\"Service\":\"svc-")
              .append(s)
              .append("\",\"Tags\":[\"prod\",\"v")
              .append(i)
              .append("\"],\"Port\":")
              .append(8000 + i)
              .append(",\"Meta\":{\"team\":\"t")
              .append(s % 17)
              .append("\"}},\"Checks\":[{\"CheckID\":\"serfHealth\",\"Status\":\"passing\"}]}");
        }
        fake.setHealth("svc-" + s, arr.append(']').toString());
      }
      ConsulSdConfig c = Fixtures.parse("server: " + fake.address() + "\n", Compat.PROMETHEUS_3);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

      Map<Long, Long> start = threadCpu(threads);
      long t0 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      try (RecordingContext ctx =
          RecordingContext.run(new ConsulDiscoverer(c, Timing.PROMETHEUS, k -> null))) {
        ctx.awaitState(
            st -> {
              if (st.size() < services) {
                return false;
              }
              for (TargetGroup g : st.values()) {
                if (g.targets().size() != instances) {
                  return false;
                }
              }
              return true;
            },
            Duration.ofMinutes(5));
        long first = System.nanoTime() - t0;
        long cpuFirst = os.getProcessCpuTime() - cpu0;
        Map<String, Long> firstByRole = byRole(threads, start, threadCpu(threads));
        int updates = ctx.updates().size();
        int firstUpdateGroups = ctx.updates().get(0).size();
        long requestsFirst = fake.requestCount();
        long heldFirst = fake.heldQueries();
        List<Long> arrivals =
            fake.requests().stream()
                .filter(r -> r.path().startsWith("/v1/health/service/"))
                .map(r -> (r.nanos() - t0) / 1_000_000)
                .sorted()
                .toList();

        // At rest: every watcher has sent its blocking query (after its first refresh tick) and
        // nothing changes for the window.
        Await.until(
            () -> fake.heldQueries() >= services + 1,
            Duration.ofMinutes(3),
            () -> fake.heldQueries() + " parked");
        long parkedAt = (System.nanoTime() - t0) / 1_000_000;
        int parked = fake.heldQueries();
        Map<Long, Long> before = threadCpu(threads);
        long cpuRest0 = os.getProcessCpuTime();
        long req0 = fake.requestCount();
        long restStart = System.nanoTime();
        ctx.sleep(window); // the measurement window itself; no condition to wait for
        long restNanos = System.nanoTime() - restStart;
        long reqRest = fake.requestCount() - req0;
        long cpuRest = os.getProcessCpuTime() - cpuRest0;
        Map<String, Long> byRole = byRole(threads, before, threadCpu(threads));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory();
        double minutes = restNanos / 60e9;

        System.out.printf(
            "%nconsul scale: %d services x %d instances = %d targets (%d cores, JDK %s)%n",
            services,
            instances,
            services * instances,
            Runtime.getRuntime().availableProcessors(),
            Runtime.version());
        System.out.printf(
            "  first full target set: %.2f s, process CPU %.2f s (%s), %d requests, %d updates"
                + " (first update: %d groups), %d queries parked%n",
            first / 1e9,
            cpuFirst / 1e9,
            format(firstByRole),
            requestsFirst,
            updates,
            firstUpdateGroups,
            heldFirst);
        System.out.printf("  all blocking queries parked at %d ms: %d held%n", parkedAt, parked);
        System.out.printf(
            "  at rest over %.0f s: %d requests (%.0f per minute), process CPU %.2f s (%.1f%% of"
                + " one core), by thread: %s%n",
            restNanos / 1e9,
            reqRest,
            reqRest / minutes,
            cpuRest / 1e9,
            100.0 * cpuRest / restNanos,
            format(byRole));
        System.out.printf(
            "  first health requests reached the agent after (ms): p0=%d p50=%d p90=%d p99=%d"
                + " max=%d%n",
            arrivals.get(0),
            arrivals.get(arrivals.size() / 2),
            arrivals.get(arrivals.size() * 9 / 10),
            arrivals.get(arrivals.size() * 99 / 100),
            arrivals.get(arrivals.size() - 1));
        System.out.printf("  heap after GC: %.0f MiB%n", heap / 1048576.0);
        List<String> alive = ThreadChecks.consulThreads();
        System.out.printf("  promsd-consul threads: %d %s%n", alive.size(), alive);
      }
    } finally {
      CapturedLogs.enabled(true);
    }
  }

  private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        out.put(id, t);
      }
    }
    return out;
  }

  private static Map<String, Long> byRole(
      ThreadMXBean threads, Map<Long, Long> before, Map<Long, Long> after) {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      var info = threads.getThreadInfo(e.getKey());
      if (info != null && d > 0) {
        out.merge(role(info.getThreadName()), d, Long::sum);
      }
    }
    return out;
  }

  private static String role(String name) {
    if (name.startsWith("promsd-consul-")) {
      return name.replaceAll("-\\d+$", "");
    }
    if (name.startsWith("HttpClient-")) {
      return "jdk-httpclient";
    }
    if (name.startsWith("fake-consul") || name.startsWith("HTTP-Dispatcher")) {
      return "fake-agent";
    }
    return "other:" + name.replaceAll("-?\\d+$", "");
  }

  private static String format(Map<String, Long> byRole) {
    StringBuilder sb = new StringBuilder();
    byRole.entrySet().stream()
        .sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(b, a)))
        .forEach(
            e -> sb.append(e.getKey()).append('=').append(e.getValue() / 1_000_000).append("ms "));
    return sb.toString().trim();
  }
}
