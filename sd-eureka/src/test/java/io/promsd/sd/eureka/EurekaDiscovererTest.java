package io.promsd.sd.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.ScriptedHttpServer;
import io.promsd.sd.testing.SdFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The discoverer against {@link ScriptedHttpServer}: faults (down, slow, garbage, 5xx) keep the
 * last good group. The loop itself (a repeated fault reported once) is
 * StrictRefreshDiscovererTest's.
 */
class EurekaDiscovererTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TWO =
      "<applications><application><name>A</name>"
          + "<instance><hostName>a</hostName><port>1</port></instance>"
          + "<instance><hostName>b</hostName><port>2</port></instance>"
          + "</application></applications>";

  private static EurekaSdConfig config(String server, String extra) {
    return (EurekaSdConfig)
        SdFixtures.sdConfigs(
                SdFixtures.prometheusYml("eureka", "- server: " + server + "\n" + extra),
                Compat.PROMETHEUS_3)
            .get(0);
  }

  private static ScriptedHttpServer.Answer xml(String body) {
    return new ScriptedHttpServer.Answer(
        200, Map.of("Content-Type", "application/xml"), body, 0, null);
  }

  private static List<String> addresses(RecordingContext ctx) {
    return ctx.targets().stream().map(t -> t.get("__address__")).sorted().toList();
  }

  @Test
  void lastGoodGroupStaysThroughEveryKindOfFault() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(xml(TWO)));
      String server = fake.base() + "/eureka";
      EurekaSdConfig c = config(server, "");
      try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
        ctx.awaitRefreshes(1, WAIT);
        assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        int updates = ctx.updates().size();
        for (ScriptedHttpServer.Answer fault :
            List.of(
                ScriptedHttpServer.Answer.status(500),
                ScriptedHttpServer.Answer.status(503),
                xml("<applications><application>"),
                xml("{\"applications\":{}}"))) {
          fake.script(List.of(fault));
          ctx.refreshNow(WAIT);
          assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        }
        assertThat(ctx.updates()).hasSize(updates);
        String apps = "\"" + server + "/apps\": ";
        assertThat(ctx.errorMessages())
            .containsExactly(
                "unable to refresh target groups: non 2xx status '500' response during eureka"
                    + " service discovery",
                "unable to refresh target groups: non 2xx status '503' response during eureka"
                    + " service discovery",
                "unable to refresh target groups: "
                    + apps
                    + "XML syntax error on line 1:"
                    + " unexpected EOF",
                "unable to refresh target groups: " + apps + "EOF");
      }
    }
  }

  @Test
  void aServerThatIsDownIsAnErrorAndTheTargetsStay() throws Exception {
    ScriptedHttpServer fake = ScriptedHttpServer.start();
    fake.script(List.of(xml(TWO)));
    EurekaSdConfig c = config(fake.base() + "/eureka", "");
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
                  + "/eureka/apps\": dial tcp 127.0.0.1:"
                  + port
                  + ": connect: connection refused");
    }
  }

  @Test
  void aSlowServerIsGivenUpAfterTheRefreshInterval() throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(List.of(xml(TWO)));
      EurekaSdConfig c = config(fake.base() + "/eureka", "  refresh_interval: 1s\n");
      try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
        ctx.awaitRefreshes(1, WAIT);
        fake.script(List.of(xml(TWO).delayed(30)));
        long start = System.nanoTime();
        ctx.refreshNow(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(addresses(ctx)).containsExactly("a:1", "b:2");
        assertThat(ctx.errorMessages()).hasSize(1);
        assertThat(ctx.errorMessages().get(0))
            .contains("no complete answer within 1s")
            .contains("Prometheus sets no timeout");
      }
    }
  }

  @Test
  void theFirstRefreshFailingStillDeliversAnEmptyInitialState() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    EurekaSdConfig c = config("http://u:s3cr3t-pw@127.0.0.1:" + port + "/eureka", "");
    assertThat(c.toString()).doesNotContain("s3cr3t-pw");
    try (RecordingContext ctx = RecordingContext.ticked().start(c.newDiscoverer())) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.updates()).containsExactly(List.of());
      assertThat(ctx.errorMessages()).hasSize(1);
      assertThat(ctx.errorMessages().get(0)).doesNotContain("s3cr3t-pw").contains("u:***@");
    }
  }
}
