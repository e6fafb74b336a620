package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.cli.CliTest.Out;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One exit-code rule for every discoverer (issue 17 item 9, README "CLI"): a job whose discoverer
 * failed its first refresh, or whose file does not parse, has no computed targets; {@code targets}
 * names the job, the discoverer and the error, and exits 1 as soon as the failure is known, not
 * after {@code --timeout} (5 minutes here; each case has 2). {@code check service-discovery} names
 * it the same way but exits 0 with what it has, as promtool 2.42 does (recorded by {@code
 * testdata/e2e/gen/record_failing_sd.sh}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DiscoveryFailureCliTest {
  @TempDir Path tmp;
  private static int closedPort;

  @BeforeAll
  static void aClosedLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens there once closed
    }
  }

  private Path config(String sd) throws IOException {
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(
        cfg,
        ("scrape_configs:\n"
                + "  - job_name: ok\n"
                + "    static_configs: [{targets: ['up:1']}]\n"
                + "  - job_name: j\n"
                + sd)
            .replace("PORT", Integer.toString(closedPort)));
    Files.writeString(tmp.resolve("broken.json"), "[{\"targets\": [\"a:1\"]");
    return cfg;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "file | '    file_sd_configs: [{files: [broken.json]}]\n'"
            + " | broken.json:1: unexpected end of JSON input",
        "consul | '    consul_sd_configs: [{server: \"127.0.0.1:PORT\"}]\n'"
            + " | error retrieving datacenter name: Get \"http://127.0.0.1:PORT/v1/agent/self\"",
        "kubernetes | '    kubernetes_sd_configs: [{role: pod, api_server: \"http://127.0.0.1:PORT\"}]\n'"
            + " | cannot list pods in all namespaces at http://127.0.0.1:PORT",
        "ec2 | '    ec2_sd_configs: [{region: us-east-1, endpoint: \"http://127.0.0.1:PORT\","
            + " access_key: AKIAEXAMPLE, secret_key: s3cr3t}]\n'"
            + " | could not describe instances",
        "http | '    http_sd_configs: [{url: \"http://127.0.0.1:PORT/sd\"}]\n'"
            + " | Get \"http://127.0.0.1:PORT/sd\": dial tcp 127.0.0.1:PORT: connect: connection"
            + " refused",
        "eureka | '    eureka_sd_configs: [{server: \"http://127.0.0.1:PORT/eureka\"}]\n'"
            + " | Get \"http://127.0.0.1:PORT/eureka/apps\"",
        "docker | '    docker_sd_configs: [{host: \"tcp://127.0.0.1:PORT\"}]\n'"
            + " | Cannot connect to the Docker daemon at tcp://127.0.0.1:PORT",
      })
  void aFailedFirstRefreshIsNamedAndFailsTheCommandAtOnce(String mechanism, String sd, String error)
      throws IOException {
    Path cfg = config(sd.replace("\\n", "\n"));
    String err = error.replace("PORT", Integer.toString(closedPort));

    Out o = CliTest.promsd("targets", "--timeout=5m", cfg.toString());
    assertThat(o.code()).as("exit code; stderr: %s", o.err()).isEqualTo(Main.FAILED);
    assertThat(o.err()).contains("promsd: job \"j\": " + mechanism + "/0 failed: ").contains(err);
    assertThat(o.err()).doesNotContain("did not complete").doesNotContain("s3cr3t");
    // the other job's targets are still shown, and the failed one is listed with none
    assertThat(o.out()).contains("http://up:1/metrics").contains("job \"j\": 0 active");

    Out one = CliTest.promsd("targets", "--timeout=5m", "--job=j", "-o", "json", cfg.toString());
    assertThat(one.code()).isEqualTo(Main.FAILED);
    assertThat(one.err()).contains("promsd: job \"j\": " + mechanism + "/0 failed: ");

    // promtool 2.42 logs the failure and exits 0 with what it has; so does this command.
    Out sd2 = CliTest.promsd("check", "service-discovery", "--timeout=5m", cfg.toString(), "j");
    assertThat(sd2.code()).as("stderr: %s", sd2.err()).isEqualTo(Main.OK);
    assertThat(sd2.out().trim()).isEqualTo("[]");
    assertThat(sd2.err()).contains("promsd: job \"j\": " + mechanism + "/0 failed: ").contains(err);
  }

  @Test
  void healthyJobsExitZeroAndSayNothing() throws IOException {
    Path cfg = config("    static_configs: [{targets: ['b:2']}]\n");
    Out o = CliTest.promsd("targets", "--timeout=5m", cfg.toString());
    assertThat(o.code()).as("stderr: %s", o.err()).isEqualTo(Main.OK);
    assertThat(o.err()).isEmpty();
    // selecting only the good job of a config whose other job fails is not a failure either
    Path bad = config("    consul_sd_configs: [{server: \"127.0.0.1:PORT\"}]\n");
    Out good = CliTest.promsd("targets", "--timeout=5m", "--job=ok", bad.toString());
    assertThat(good.code()).as("stderr: %s", good.err()).isEqualTo(Main.OK);
    assertThat(good.out()).contains("http://up:1/metrics");
  }

  @Test
  void aBackEndThatNeverAnswersIsNamedWhenTheTimeoutRunsOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // accepts connections (the kernel's backlog) and never answers
      Path cfg =
          config(
              "    http_sd_configs: [{url: \"http://127.0.0.1:"
                  + silent.getLocalPort()
                  + "/sd\"}]\n");
      Out o = CliTest.promsd("targets", "--timeout=2s", cfg.toString());
      assertThat(o.code()).isEqualTo(Main.FAILED);
      assertThat(o.err())
          .contains("promsd: job \"j\": http/0 sent no targets and no error within 2s")
          .contains("promsd: discovery did not complete within 2s");
      assertThat(o.out()).contains("http://up:1/metrics");
    }
  }
}
