package io.promsd.sd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.ScriptedHttpServer;
import io.promsd.sd.testing.SdFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The discoverer against {@link ScriptedHttpServer}: faults (down, slow, garbage, 5xx) keep the
 * last good groups, and a shrinking list sends empty groups for the indices that vanished
 * (discovery/http/http.go Refresh). The loop itself (a repeated fault reported once) is
 * StrictRefreshDiscovererTest's.
 */
class HttpDiscovererTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TWO =
      "[{\"targets\":[\"a:1\"],\"labels\":{\"g\":\"0\"}},{\"targets\":[\"b:2\"],\"labels\":{\"g\":\"1\"}}]";

  private static HttpSdConfig config(String url, String extra) {
    return (HttpSdConfig)
        SdFixtures.sdConfigs(
                SdFixtures.prometheusYml("http", "- url: " + url + "\n" + extra),
                Compat.PROMETHEUS_3)
            .get(0);
  }

  private static List<String> addresses(RecordingContext ctx) {
    return ctx.targets().stream().map(t -> t.get("__address__")).sorted().toList();
  }

  @Test
  void lastGoodGroupsStayThroughEveryKindOfFault() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(ScriptedHttpServer.Answer.json(TWO)));
      HttpSdConfig c = config(fake.base() + "/sd", "");
      try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
        ctx.awaitRefreshes(1, WAIT);
        assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        int updates = ctx.updates().size();
        for (ScriptedHttpServer.Answer fault :
            List.of(
                ScriptedHttpServer.Answer.status(500),
                ScriptedHttpServer.Answer.status(503),
                ScriptedHttpServer.Answer.json("<html>not json</html>"),
                new ScriptedHttpServer.Answer(
                    200, Map.of("Content-Type", "text/html"), "[]", 0, null))) {
          fake.script(List.of(fault));
          ctx.refreshNow(WAIT);
          assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        }
        assertThat(ctx.updates()).hasSize(updates); // nothing sent while failing
        assertThat(ctx.errorMessages())
            .containsExactly(
                "unable to refresh target groups: server returned HTTP status 500 Internal Server"
                    + " Error",
                "unable to refresh target groups: server returned HTTP status 503 Service"
                    + " Unavailable",
                "unable to refresh target groups: invalid character '<' looking for beginning of"
                    + " value",
                "unable to refresh target groups: unsupported content type \"text/html\"");
      }
    }
  }

  @Test
  void aServerThatIsDownIsAnErrorAndTheTargetsStay() throws Exception {
    ScriptedHttpServer fake = ScriptedHttpServer.start();
    fake.script(List.of(ScriptedHttpServer.Answer.json(TWO)));
    HttpSdConfig c = config(fake.base() + "/sd", "");
    try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
      ctx.awaitRefreshes(1, WAIT);
      int port = fake.port();
      fake.close();
      ctx.refreshNow(WAIT);
      assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
      assertThat(ctx.errorMessages())
          .containsExactly(
              "unable to refresh target groups: Get \"http://127.0.0.1:"
                  + port
                  + "/sd\": dial tcp 127.0.0.1:"
                  + port
                  + ": connect: connection refused");
    }
  }

  @Test
  void aSlowServerTimesOutAfterTheRefreshInterval() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(ScriptedHttpServer.Answer.json(TWO)));
      HttpSdConfig c = config(fake.base() + "/sd", "  refresh_interval: 1s\n");
      try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
        ctx.awaitRefreshes(1, WAIT);
        fake.script(List.of(ScriptedHttpServer.Answer.json("[]").delayed(30)));
        long start = System.nanoTime();
        ctx.refreshNow(WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        assertThat(ctx.errorMessages())
            .containsExactly(
                "unable to refresh target groups: Get \""
                    + fake.base()
                    + "/sd\": context deadline exceeded (Client.Timeout exceeded while awaiting"
                    + " headers)");
      }
    }
  }

  @Test
  void aShrinkingListEmptiesTheGroupsThatVanished() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(ScriptedHttpServer.Answer.json(TWO)));
      String url = fake.base() + "/sd";
      HttpSdConfig c = config(url, "");
      try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
        ctx.awaitRefreshes(1, WAIT);
        fake.script(List.of(ScriptedHttpServer.Answer.json("[{\"targets\":[\"c:3\"]}]")));
        ctx.refreshNow(WAIT);
        List<TargetGroup> last = ctx.updates().get(ctx.updates().size() - 1);
        assertThat(last).extracting(TargetGroup::source).containsExactly(url + ":0", url + ":1");
        assertThat(last.get(1).targets()).isEmpty();
        assertThat(addresses(ctx)).containsExactly("c:3");
        assertThat(ctx.state().get(url + ":0").labels()).isEqualTo(Labels.of("__meta_url", url));
      }
    }
  }

  @Test
  void theFirstRefreshFailingStillDeliversAnEmptyInitialState() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpSdConfig c = config("http://127.0.0.1:" + port + "/sd", "");
    try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.updates()).containsExactly(List.of());
      assertThat(ctx.errorMessages()).hasSize(1);
    }
  }

  @Test
  void aPasswordInTheUrlNeverReachesAnError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpSdConfig c = config("http://user:s3cr3t-pw@127.0.0.1:" + port + "/sd", "");
    assertThat(c.toString()).doesNotContain("s3cr3t-pw");
    try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errorMessages()).hasSize(1);
      assertThat(ctx.errorMessages().get(0))
          .doesNotContain("s3cr3t-pw")
          .contains("http://user:***@127.0.0.1:" + port + "/sd");
    }
  }

  @Test
  void aHugeBodyIsAnErrorNotAnOutOfMemory() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(ScriptedHttpServer.Answer.json("[" + " ".repeat(4096) + "]")));
      HttpSdConfig c = config(fake.base() + "/sd", "");
      HttpDiscoverer d = new HttpDiscoverer(c);
      HttpFetch fetch =
          new HttpFetch(
              java.net.http.HttpClient.newHttpClient(),
              c.httpClient().newRequestHeaders(),
              c.url(),
              Duration.ofSeconds(10),
              "t",
              "60",
              1024);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.refresh(fetch))
          .hasMessage("response body larger than 1024 bytes");
    }
  }

  @ParameterizedTest
  @CsvSource({"60s,60", "1500ms,1.5", "250ms,0.25", "1m30s,90", "2h,7200", "1ms,0.001"})
  void theRefreshHeaderIsFormattedAsGoFormatsFloats(String interval, String header) {
    assertThat(HttpDiscoverer.refreshHeader(io.promsd.sd.spi.PromDuration.parse(interval)))
        .isEqualTo(header);
  }
}
