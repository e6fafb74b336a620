package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pushes from the real Python client ({@code pushgateway/clients/python_client.py} with Debian's
 * python3-prometheus-client) and checks what the gateway holds. Skips where the client is absent.
 */
class PythonClientTest {
  private static final String PYTHON =
      System.getenv().getOrDefault("PROMSD_PYTHON", "/usr/bin/python3");

  private static Path script() {
    Path p = Path.of("clients/python_client.py");
    return Files.exists(p) ? p : Path.of("pushgateway/clients/python_client.py");
  }

  private static String run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + List.of(args));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void pushPushaddDeleteFromPrometheusClient() throws Exception {
    boolean present;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client").start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    }
    assumeTrue(present, "python3 with prometheus_client is not installed");
    try (Pushgateway gw =
        Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false).start()) {
      String address = "127.0.0.1:" + gw.port();
      Map<String, String> key = Map.of("job", "batch", "instance", "db/1", "shard", "");
      run(PYTHON, script().toString(), address, "push");
      PushedGroup g = gw.group(key).orElseThrow();
      assertThat(g.family("job_last_success_unixtime").orElseThrow().samples().get(0).value())
          .isEqualTo(1234);
      assertThat(gw.scrapeText())
          .contains("job_last_success_unixtime{instance=\"db/1\",job=\"batch\",shard=\"\"} 1234\n")
          .contains("rows_total{instance=\"db/1\",job=\"batch\",shard=\"\",table=\"a b\"} 3\n");
      run(PYTHON, script().toString(), address, "pushadd");
      g = gw.group(key).orElseThrow();
      assertThat(g.family("extra")).isPresent();
      assertThat(g.family("job_last_success_unixtime")).isPresent();
      run(PYTHON, script().toString(), address, "delete");
      assertThat(gw.group(key)).isEmpty();
    }
  }
}
