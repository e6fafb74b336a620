package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsd.cli.CliTest.Out;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        "azure | '    azure_sd_configs: [{subscription_id: 11111111-2222-3333-4444-555555555555,"
            + " tenant_id: t, client_id: c, client_secret: s3cr3t,"
            + " proxy_url: \"http://127.0.0.1:PORT\"}]\n'"
            + " | could not get virtual machines: could not list virtual machines: ",
        "openstack | '    openstack_sd_configs: [{role: instance, region: r1,"
            + " identity_endpoint: \"http://127.0.0.1:PORT/v3\", username: u, password: s3cr3t,"
            + " domain_name: d, project_name: p}]\n'"
            + " | could not authenticate to OpenStack: Post \"http://127.0.0.1:PORT/v3/auth/tokens\":"
            + " dial tcp 127.0.0.1:PORT: connect: connection refused",
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

  /**
   * DNS asks the {@code nameserver}s of {@code /etc/resolv.conf} on port 53, which a test cannot
   * point elsewhere in-process: the command runs in a child JVM in its own mount and network
   * namespaces ({@code unshare}, as {@code DnsSystemResolverE2eTest} does) with a resolv.conf
   * naming 127.0.0.1, where nothing listens. promtool 2.42 in the same setup logs {@code Error
   * refreshing DNS targets} with {@code could not resolve "web.example.com": all servers responded
   * with errors to at least one search domain} (discovery/dns/dns.go, lookupWithSearchPath) and
   * exits 0 with {@code []}.
   */
  @Test
  void aResolverThatRefusesIsNamedAndFailsTheCommand() throws Exception {
    List<String> ns = new ArrayList<>(List.of("unshare", "--mount", "--net"));
    if (!"root".equals(System.getProperty("user.name"))) {
      ns.add("-r"); // a user namespace, to be allowed the other two
    }
    Child probe = child(ns, List.of("sh", "-c", "ip link set lo up"));
    assumeTrue(probe.code() == 0, "unshare --mount --net (or ip) not permitted here");
    Path resolv = tmp.resolve("resolv.conf");
    Files.writeString(resolv, "nameserver 127.0.0.1\n");
    Path cfg = config("    dns_sd_configs: [{names: [web.example.com], type: A, port: 80}]\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> promsd =
        List.of(
            "sh",
            "-c",
            "ip link set lo up && mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"",
            resolv.toString(),
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    String fault =
        "promsd: job \"j\": dns/0 failed: Error refreshing DNS targets: could not resolve"
            + " \"web.example.com\": all servers responded with errors to at least one search domain";

    Child t = child(ns, concat(promsd, List.of("targets", "--timeout=5m", cfg.toString())));
    assertThat(t.code()).as("exit code; stderr: %s", t.err()).isEqualTo(Main.FAILED);
    assertThat(t.err()).contains(fault).doesNotContain("did not complete");
    assertThat(t.out()).contains("http://up:1/metrics").contains("job \"j\": 0 active");

    Child sd =
        child(
            ns,
            concat(
                promsd,
                List.of("check", "service-discovery", "--timeout=5m", cfg.toString(), "j")));
    assertThat(sd.code()).as("stderr: %s", sd.err()).isEqualTo(Main.OK);
    assertThat(sd.out().trim()).isEqualTo("[]");
    assertThat(sd.err()).contains(fault);
  }

  private record Child(int code, String out, String err) {}

  /** Runs {@code prefix + cmd} with a deadline; its stdout and stderr from files. */
  private Child child(List<String> prefix, List<String> cmd) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p =
        new ProcessBuilder(concat(prefix, cmd))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(50, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Child(-1, Files.readString(out), Files.readString(err) + "\n(killed at 50 s)");
    }
    return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
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
