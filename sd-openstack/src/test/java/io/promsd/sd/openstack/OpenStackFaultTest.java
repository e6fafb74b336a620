package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against the live discoverer (sd-core's refresh loop on a ticked context): the cloud down,
 * slow, answering 5xx or garbage, tokens revoked; the last good targets stay, a later refresh
 * recovers, no token or secret reaches a message or a log line, and no thread outlives the
 * discoverer. Plus TLS against an HTTPS fake.
 */
class OpenStackFaultTest {
  private static final String PASSWORD = "promsd-not-a-real-password";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private OpenStackFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = OpenStackFake.start();
    fake.world(OpenStackFixtures.payload("basic"));
    CapturedLogs.clear();
    CapturedLogs.enabled(true);
  }

  @AfterEach
  void stop() {
    CapturedLogs.enabled(false);
    fake.close();
  }

  private OpenStackDiscoverer discoverer(String role, Timing timing) {
    String yml =
        SdFixtures.prometheusYml(
            "openstack",
            "- identity_endpoint: "
                + fake.base()
                + "/identity/v3\n  username: promsd-user\n  password: "
                + PASSWORD
                + "\n  domain_name: Default\n  project_name: demo\n  region: RegionOne\n  role: "
                + role
                + "\n");
    OpenStackSdConfig c = OpenStackFixtures.one(yml, Compat.PROMETHEUS_2);
    return OpenStackDiscoverer.create(c, name -> null, timing);
  }

  private static int targets(RecordingContext ctx) {
    return ctx.state().values().stream().mapToInt(g -> g.targets().size()).sum();
  }

  @Test
  void lastGoodTargetsStayThrough5xxGarbageAndDownAndComeBack() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer("instance", OpenStackFixtures.FAST))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(targets(ctx)).isEqualTo(4);
      assertThat(ctx.errorMessages()).isEmpty();

      fake.faults(OpenStackFake.JSON.readTree("[{\"kind\": \"servers\", \"status\": 500}]"));
      ctx.refreshNow(WAIT);
      assertThat(ctx.errorMessages())
          .containsExactly("unable to refresh target groups: Internal Server Error");
      assertThat(targets(ctx)).isEqualTo(4);

      fake.faults(
          OpenStackFake.JSON.readTree(
              "[{\"kind\": \"floating_ips\", \"status\": 200, \"body\": \"<html>\"}]"));
      ctx.refreshNow(WAIT);
      assertThat(ctx.errorMessages().get(1))
          .isEqualTo(
              "unable to refresh target groups: invalid character '<' looking for beginning of"
                  + " value");
      assertThat(targets(ctx)).isEqualTo(4);

      fake.faults(null);
      fake.world(OpenStackFixtures.payload("empty"));
      ctx.refreshNow(WAIT);
      assertThat(targets(ctx)).isZero(); // a successful refresh with nothing replaces the targets
    }
  }

  @Test
  void cloudDownIsAReportedFaultAndTheTargetsStay() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer("hypervisor", OpenStackFixtures.FAST))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(targets(ctx)).isEqualTo(3);
      fake.close();
      ctx.refreshNow(WAIT);
      assertThat(ctx.errorMessages()).hasSize(1);
      assertThat(ctx.errorMessages().get(0))
          .startsWith(
              "unable to refresh target groups: could not authenticate to OpenStack: Post \"http://127.0.0.1:");
      assertThat(targets(ctx)).isEqualTo(3);
    }
  }

  @Test
  void aSlowCloudTimesOutAtTheRequestDeadline() throws Exception {
    fake.faults(OpenStackFake.JSON.readTree("[{\"kind\": \"hypervisors\", \"delay\": 30}]"));
    Timing quick = new Timing(Duration.ofMillis(300), Duration.ofMillis(20));
    try (RecordingContext ctx = RecordingContext.ticked().start(discoverer("hypervisor", quick))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .endsWith(
              "/compute/v2.1/os-hypervisors/detail\": context deadline exceeded"
                  + " (Client.Timeout exceeded while awaiting headers)");
    }
  }

  @Test
  void aRevokedTokenCostsOneRefreshAndANewOneIsFetchedEveryRefresh() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer("hypervisor", OpenStackFixtures.FAST))) {
      ctx.awaitRefreshes(1, WAIT);
      fake.tokenTtl(-1); // every token is born expired: Nova answers 401
      ctx.refreshNow(WAIT);
      assertThat(ctx.errorMessages())
          .containsExactly("unable to refresh target groups: Authentication failed");
      assertThat(targets(ctx)).isEqualTo(3);
      fake.tokenTtl(3_600_000);
      ctx.refreshNow(WAIT);
      assertThat(ctx.errorMessages()).hasSize(1);
      List<String> tokenPosts =
          fake.requests().stream()
              .map(r -> r.path("path").asText())
              .filter(p -> p.endsWith("/auth/tokens"))
              .toList();
      assertThat(tokenPosts).hasSize(3);
    }
  }

  @Test
  void noSecretOrTokenInAnyMessageOrLogLine() throws Exception {
    fake.world(OpenStackFixtures.payload("wrong-secret"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer("instance", OpenStackFixtures.FAST))) {
      ctx.awaitRefreshes(1, WAIT);
      fake.world(OpenStackFixtures.payload("basic"));
      fake.tokenTtl(-1);
      ctx.refreshNow(WAIT);
    }
    String all = String.join("\n", CapturedLogs.lines());
    assertThat(all).doesNotContain(PASSWORD).doesNotContain("fake-token-");
    OpenStackDiscoverer d = discoverer("instance", OpenStackFixtures.FAST);
    assertThat(d.toString()).doesNotContain(PASSWORD);
    assertThat(new Keystone.Session("fake-token-9", null).toString()).doesNotContain("fake-token");
    assertThat(
            AuthOptions.fromEnv(
                    Map.of(
                            "OS_AUTH_URL",
                            "http://x/v3",
                            "OS_USERNAME",
                            "u",
                            "OS_PASSWORD",
                            PASSWORD)
                        ::get)
                .toString())
        .doesNotContain(PASSWORD);
  }

  @Test
  void noThreadOutlivesTheDiscoverer() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer("instance", OpenStackFixtures.FAST))) {
      ctx.awaitRefreshes(1, WAIT);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("promsd-openstack")) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    }
    assertThat(alive()).as("promsd-openstack threads").isFalse();
  }

  private static boolean alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("promsd-openstack"));
  }

  @Test
  void missingCredentialsInTheEnvironmentFailAtCreation() {
    OpenStackSdConfig c =
        OpenStackFixtures.one(
            SdFixtures.prometheusYml("openstack", "- role: instance\n  region: R\n"),
            Compat.PROMETHEUS_2);
    assertThatThrownBy(() -> OpenStackDiscoverer.create(c, n -> null, OpenStackFixtures.FAST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing environment variable [OS_AUTH_URL]");
  }

  @Test
  void tlsConfigReachesAnHttpsCloud(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("server.p12");
    keytool(
        dir,
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit");
    keytool(
        dir,
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-file",
        dir.resolve("ca.pem").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(store, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    try (OpenStackFake https = OpenStackFake.start(server)) {
      https.world(OpenStackFixtures.payload("basic"));
      String base =
          "- identity_endpoint: "
              + https.base()
              + "/identity/v3\n  username: u\n  password: p\n  domain_name: D\n"
              + "  region: RegionOne\n  role: hypervisor\n";
      for (String tls :
          List.of(
              "  tls_config: {ca_file: ca.pem}\n",
              "  tls_config: {insecure_skip_verify: true}\n",
              "")) {
        String yml = SdFixtures.prometheusYml("openstack", base + tls);
        OpenStackSdConfig c =
            (OpenStackSdConfig)
                io.promsd.sd.config.ConfigLoader.parse(
                        yml, dir.resolve("prometheus.yml"), Compat.PROMETHEUS_2)
                    .scrapeConfigs()
                    .get(0)
                    .sdConfigs()
                    .get(0);
        OpenStackDiscoverer d = OpenStackDiscoverer.create(c, n -> null, OpenStackFixtures.FAST);
        var pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
          d.open(pool);
          if (tls.isEmpty()) {
            assertThatThrownBy(d::refresh)
                .isInstanceOf(OpenStackException.class)
                .hasMessageStartingWith(
                    "could not authenticate to OpenStack: Post \"https://127.0.0.1:");
          } else {
            assertThat(d.refresh().get(0).targets()).as(tls).hasSize(3);
          }
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out)).isZero();
  }

  @SuppressWarnings("unused")
  private static JsonNode json(String s) throws Exception {
    return OpenStackFake.JSON.readTree(s);
  }
}
