package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end as Prometheus runs: promsd's DNS discovery reading the real {@code /etc/resolv.conf}
 * and asking port 53. A child JVM runs inside {@code unshare --mount --net} (plus {@code -r} when
 * not root) with the loopback up and a scratch file bind-mounted over {@code /etc/resolv.conf};
 * there it replays every recorded promtool 2.42 case (but the one without a resolv.conf) with the
 * fakes on port 53 and {@link DnsSdConfig#newDiscoverer()}'s lookup. The host's resolv.conf and
 * network are never touched. Skipped where namespaces, {@code ip} or {@code mount} are not
 * available.
 */
class DnsSystemResolverE2eTest {
  private static final long DEADLINE_SECONDS = 240;

  @TempDir Path dir;

  @Test
  void recordedCasesPassAgainstTheRealResolvConfAndPort53() throws Exception {
    assumeTrue(Files.isRegularFile(DnsLookup.RESOLV_CONF), "no /etc/resolv.conf to cover");
    List<String> ns = namespacePrefix();
    assumeTrue(
        run(concat(ns, List.of("sh", "-c", "ip link set lo up")), 30) == 0,
        "unshare --mount --net (or ip) not permitted here");
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "", StandardCharsets.UTF_8);
    Path out = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        concat(
            ns,
            List.of(
                "sh",
                "-c",
                "ip link set lo up && mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"",
                resolv.toString(),
                java,
                "-Xmx256m",
                "-Dpromsd.testdata=" + DnsFixtures.dns().getParent(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName()));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(done)
        .as("child finished within %ss; its output:%n%s", DEADLINE_SECONDS, log)
        .isTrue();
    List<String> results =
        log.lines().filter(l -> l.startsWith("PASS ") || l.startsWith("FAIL ")).toList();
    assertThat(results)
        .as(log)
        .hasSizeGreaterThanOrEqualTo(30)
        .allMatch(l -> l.startsWith("PASS "));
    assertThat(p.exitValue()).as(log).isZero();
  }

  /** {@code unshare --mount --net}, with a user namespace when not root. */
  private static List<String> namespacePrefix() {
    List<String> out = new ArrayList<>(List.of("unshare", "--mount", "--net"));
    if (!"root".equals(System.getProperty("user.name"))) {
      out.add("-r");
    }
    return out;
  }

  private static int run(List<String> cmd, long seconds) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Runs inside the namespaces: replays the recorded cases and prints PASS/FAIL per case. */
  static final class Child {
    private Child() {}

    public static void main(String[] args) {
      int failures = 0;
      for (Map<String, Node> c : DnsConformanceTest.recordedCases()) {
        String name = c.get("name").text();
        Node conf = c.get("resolv_conf");
        if (conf == null || conf.isNull()) {
          System.out.println("SKIP " + name + " (needs /etc/resolv.conf absent)");
          continue;
        }
        try {
          DnsConformanceTest.run(c, Compat.PROMETHEUS_2, true);
          System.out.println("PASS " + name);
        } catch (Throwable e) {
          failures++;
          System.out.println("FAIL " + name + ": " + e);
        }
      }
      System.out.flush();
      System.exit(failures == 0 ? 0 : 1);
    }
  }
}
