package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.testing.RecordingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Docker and swarm discoverers over time and under faults, against {@link EngineFake} over TCP
 * and over a unix socket: the last good targets stay through failures and errors are reported with
 * Prometheus's words; slow, huge, endless and malformed answers end in an error, never a hang or an
 * OOM; cancellation interrupts a request in flight; the API version is negotiated as each
 * Prometheus does.
 */
class DockerDiscovererTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private EngineFake fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of("tcp", Compat.PROMETHEUS_2),
        Arguments.of("unix", Compat.PROMETHEUS_2),
        Arguments.of("tcp", Compat.PROMETHEUS_3),
        Arguments.of("unix", Compat.PROMETHEUS_3));
  }

  private EngineFake start(String transport, String payload) {
    fake = transport.equals("unix") ? EngineFake.unix(dir.resolve("d.sock")) : EngineFake.tcp();
    return fake.serve(DockerFixtures.payloads().resolve(payload));
  }

  private static Discoverer docker(String config, Compat compat, int maxBody) {
    DockerSdConfig c = (DockerSdConfig) DockerFixtures.one("docker", config, compat);
    return new DockerDiscoverer(c, EngineClient.factory(maxBody));
  }

  private static Discoverer docker(String config, Compat compat) {
    return docker(config, compat, EngineClient.MAX_BODY);
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void lastGoodTargetsStayWhileTheDaemonFailsAndComeBackAfter(String transport, Compat compat) {
    start(transport, "basic");
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), compat))) {
      ctx.awaitRefreshes(1, WAIT);
      List<Labels> first = ctx.targets();
      assertThat(first).hasSize(10);
      assertThat(ctx.errors()).isEmpty();

      fake.override(
          "containers/json",
          EngineFake.Reply.status(500, "{\"message\":\"daemon sick\"}", "application/json"));
      ctx.refreshNow(WAIT);
      assertThat(ctx.targets()).isEqualTo(first);
      assertThat(ctx.errorMessages())
          .containsExactly(
              "unable to refresh target groups: error while listing containers: Error response"
                  + " from daemon: daemon sick");

      fake.override("networks", EngineFake.Reply.body("not json"));
      fake.override("containers/json", null);
      ctx.refreshNow(WAIT);
      assertThat(ctx.targets()).isEqualTo(first);
      assertThat(ctx.errorMessages())
          .last()
          .isEqualTo(
              "unable to refresh target groups: error while computing network labels: invalid"
                  + " character 'o' in literal null (expecting 'u')");

      fake.override("networks", null);
      int updates = ctx.updates().size();
      ctx.refreshNow(WAIT);
      assertThat(ctx.updates()).hasSize(updates + 1);
      assertThat(ctx.targets()).isEqualTo(first);
    }
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void aSlowDaemonTimesOutAfterTheRefreshInterval(String transport, Compat compat) {
    start(transport, "basic")
        .override("containers/json", EngineFake.Reply.body("[]").delayed(15_000));
    try (RecordingContext ctx =
        RecordingContext.ticked()
            .start(docker("host: " + fake.host() + "\nrefresh_interval: 1s", compat))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.targets()).isEmpty();
      // 2.42 (Go 1.19): a timeout is a net.Error, "Cannot connect"; 3.x (Go 1.23 on): net/http's
      // timeout error is context.DeadlineExceeded to errors.Is, returned as it is.
      String url =
          transport.equals("unix")
              ? "http://" + fake.socket().toString().replace("/", "%2F")
              : fake.host();
      assertThat(ctx.errorMessages())
          .containsExactly(
              compat == Compat.PROMETHEUS_2
                  ? "unable to refresh target groups: error while listing containers: Cannot"
                      + " connect to the Docker daemon at "
                      + fake.host()
                      + ". Is the docker daemon running?"
                  : "unable to refresh target groups: error while listing containers: Get \""
                      + url
                      + "/v1.41/containers/json\": context deadline exceeded (Client.Timeout"
                      + " exceeded while awaiting headers)");
    }
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void aBodyThatStallsTimesOutWhileReadingIt(String transport, Compat compat) {
    start(transport, "basic")
        .override("containers/json", EngineFake.Reply.body("[]").stalled(15_000));
    try (RecordingContext ctx =
        RecordingContext.ticked()
            .start(docker("host: " + fake.host() + "\nrefresh_interval: 1s", compat))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errorMessages())
          .containsExactly(
              "unable to refresh target groups: error while listing containers: context deadline"
                  + " exceeded (Client.Timeout or context cancellation while reading body)");
    }
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void cancellingInterruptsARequestInFlight(String transport, Compat compat) throws Exception {
    start(transport, "basic")
        .override("containers/json", EngineFake.Reply.body("[]").delayed(60_000));
    RecordingContext ctx = RecordingContext.run(docker("host: " + fake.host(), compat));
    ctx.await(
        c -> fake.requests().stream().anyMatch(r -> r.path().contains("/containers/json")), WAIT);
    long start = System.nanoTime();
    ctx.close(); // fails unless run() returns within 10 s; the request would take 60 s
    assertThat(ctx.ended()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void aHugeBodyIsAnErrorNotAnOutOfMemory(String transport, Compat compat) {
    start(transport, "basic");
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), compat, 4096))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.targets()).isEmpty();
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .startsWith(
              "unable to refresh target groups: error while listing containers: error during connect: Get ")
          .contains("exceeds the limit of 4096");
    }
  }

  @ParameterizedTest(name = "{0} compat {1}")
  @MethodSource("transports")
  void anEndlessBodyIsAnErrorNotAHang(String transport, Compat compat) {
    start(transport, "basic").override("containers/json", EngineFake.Reply.endlessList());
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), compat, 1 << 20))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.targets()).isEmpty();
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .contains("exceeds the limit of 1048576");
    }
  }

  @Test
  void aMalformedResponseOverTheSocketIsReportedAsGoDoes() {
    start("unix", "basic").override("_ping", EngineFake.Reply.raw("garbage\r\n\r\n"));
    fake.override("containers/json", EngineFake.Reply.raw("garbage\r\n\r\n"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), Compat.PROMETHEUS_2))) {
      ctx.awaitRefreshes(1, WAIT);
      String socket = fake.socket().toString().replace("/", "%2F");
      assertThat(ctx.errorMessages())
          .containsExactly(
              "unable to refresh target groups: error while listing containers: Get \"http://"
                  + socket
                  + "/v1.24/containers/json?limit=0\": net/http: HTTP/1.x transport connection"
                  + " broken: malformed HTTP response \"garbage\".\n"
                  + "* Are you trying to connect to a TLS-enabled daemon without TLS?");
    }
  }

  @Test
  void prometheus242KeepsTheVersionOfItsFirstPingForever() {
    // client.go NegotiateAPIVersion (v20.10.23): a ping that tells no version pins API 1.24.
    start("tcp", "empty").ping(404, 404, true, null);
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), Compat.PROMETHEUS_2))) {
      ctx.awaitRefreshes(1, WAIT);
      fake.ping(null, null, false, null);
      fake.clearRequests();
      ctx.refreshNow(WAIT);
      assertThat(fake.requests())
          .extracting(EngineFake.Request::path)
          .containsExactly("/v1.24/containers/json?limit=0", "/v1.24/networks");
      assertThat(fake.requests().get(0).headers())
          .containsEntry("User-Agent", "Go-http-client/1.1");
    }
  }

  @Test
  void prometheus3NegotiatesOnceThePingSucceeds() {
    // moby client v0.5.1 ping.go Ping: a failed ping leaves the version open, retried per request.
    start("tcp", "empty").ping(404, 404, true, null);
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), Compat.PROMETHEUS_3))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .endsWith("client version 1.55 is too new. Maximum supported API version is 1.41");
      fake.ping(null, null, false, null);
      fake.clearRequests();
      ctx.refreshNow(WAIT);
      assertThat(fake.requests())
          .extracting(EngineFake.Request::path)
          .containsExactly("/_ping", "/v1.41/containers/json", "/v1.41/networks");
      fake.clearRequests();
      ctx.refreshNow(WAIT);
      assertThat(fake.requests())
          .extracting(EngineFake.Request::path)
          .containsExactly("/v1.41/containers/json", "/v1.41/networks");
    }
  }

  @Test
  void prometheus242EncodesFiltersWithTheVersionItAlreadyKnows() {
    // ContainerList calls filters.ToParamWithVersion before get negotiates: the first listing
    // uses 1.41's sets, the later ones the legacy lists of a daemon below API 1.22.
    start("tcp", "basic").apiVersion("1.21");
    String cfg = "host: " + fake.host() + "\nfilters:\n  - name: label\n    values: [b, a]";
    try (RecordingContext ctx = RecordingContext.ticked().start(docker(cfg, Compat.PROMETHEUS_2))) {
      ctx.awaitRefreshes(1, WAIT);
      fake.clearRequests();
      ctx.refreshNow(WAIT);
      assertThat(fake.requests().get(0).path())
          .isEqualTo(
              "/v1.21/containers/json?filters=%7B%22label%22%3A%5B%22a%22%2C%22b%22%5D%7D&limit=0");
    }
  }

  @Test
  void theHttpClientSecretsAppearInNoError() {
    String secret = "s3cr3t-pa55";
    start("tcp", "basic")
        .override("containers/json", EngineFake.Reply.status(401, "", "text/plain"));
    String cfg = "host: " + fake.host() + "\nbasic_auth:\n  username: u\n  password: " + secret;
    SdConfig c = DockerFixtures.one("docker", cfg, Compat.PROMETHEUS_3);
    assertThat(c.toString()).doesNotContain(secret);
    try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(fake.requests().get(0).headers()).containsKey("Authorization");
      assertThat(ctx.errors()).isNotEmpty();
      for (RecordingContext.ReportedError e : ctx.errors()) {
        assertThat(e.message()).doesNotContain(secret).doesNotContain("czNjcjN0LXBhNTU");
        for (Throwable t = e.cause(); t != null; t = t.getCause()) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void theHttpClientThreadsEndWithTheDiscoverer() throws InterruptedException {
    start("tcp", "basic");
    List<Thread> during;
    try (RecordingContext ctx =
        RecordingContext.ticked().start(docker("host: " + fake.host(), Compat.PROMETHEUS_3))) {
      ctx.awaitRefreshes(1, WAIT);
      during = threads();
      assertThat(during).isNotEmpty();
    }
    for (Thread t : during) {
      t.join(WAIT.toMillis());
    }
    assertThat(threads()).isEmpty();
  }

  private static List<Thread> threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("promsd-docker-http"))
        .toList();
  }
}
