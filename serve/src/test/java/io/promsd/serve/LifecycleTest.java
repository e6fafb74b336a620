package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads (as Prometheus's {@code web/web.go} and {@code cmd/prometheus/main.go} answer them),
 * readiness, the route prefix, {@code --web.config.file} and {@code /metrics}.
 */
class LifecycleTest {
  @TempDir Path dir;

  private static final String CONFIG_A =
      "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['127.0.0.1:1']\n";
  private static final String CONFIG_B =
      "scrape_configs:\n  - job_name: b\n    static_configs:\n      - targets: ['127.0.0.1:2', '127.0.0.1:3']\n";
  // bcrypt of "dave123" (from web's WebConfigReloadTest)
  private static final String DAVE = "$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq";

  private DiscoveryServer start(DiscoveryServer.Builder b) throws Exception {
    DiscoveryServer s =
        b.listen("127.0.0.1:0").updateInterval(Duration.ZERO).compat(Compat.PROMETHEUS_3).start();
    assertThat(s.awaitReady(Fixture.T)).isTrue();
    return s;
  }

  private static double metric(DiscoveryServer s, String name) throws Exception {
    String text = Fixture.get(s.uri(), "/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aBadConfigKeepsTheLastGoodOneAndAGoodOneReplacesIt() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, CONFIG_A);
    try (DiscoveryServer s = start(DiscoveryServer.builder(config).enableLifecycle(true))) {
      assertThat(Fixture.get(s.uri(), "/-/ready").body())
          .isEqualTo("Prometheus Server is Ready.\n");
      assertThat(metric(s, "prometheus_config_last_reload_successful")).isEqualTo(1);

      Files.writeString(config, "scrape_configs:\n  - job_name: a\n    scrape_interval: nope\n");
      HttpResponse<String> bad = Fixture.send(s.uri(), "POST", "/-/reload");
      assertThat(bad.statusCode()).isEqualTo(500);
      assertThat(bad.body())
          .startsWith(
              "failed to reload config: couldn't load configuration (--config.file=\""
                  + config
                  + "\"): ")
          .contains("nope")
          .endsWith("\n");
      assertThat(metric(s, "prometheus_config_last_reload_successful")).isZero();
      assertThat(Fixture.get(s.uri(), "/api/v1/scrape_pools").body()).contains("[\"a\"]");
      assertThat(s.targets().job("a").orElseThrow().active()).hasSize(1);

      Files.writeString(config, CONFIG_B);
      HttpResponse<String> good = Fixture.send(s.uri(), "PUT", "/-/reload");
      assertThat(good.statusCode()).isEqualTo(200);
      assertThat(good.body()).isEmpty();
      assertThat(metric(s, "prometheus_config_last_reload_successful")).isEqualTo(1);
      assertThat(metric(s, "prometheus_config_last_reload_success_timestamp_seconds")).isPositive();
      assertThat(Fixture.get(s.uri(), "/api/v1/scrape_pools").body()).contains("[\"b\"]");
      long deadline = System.nanoTime() + Fixture.T.toNanos();
      while (s.targets().job("b").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5); // poll until the deadline: the snapshot follows on the dispatcher thread
      }
      assertThat(s.targets().job("b").orElseThrow().active()).hasSize(2);
    }
  }

  @Test
  void reloadNeedsTheLifecycleFlagAndPost() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, CONFIG_A);
    try (DiscoveryServer s = start(DiscoveryServer.builder(config))) {
      HttpResponse<String> off = Fixture.send(s.uri(), "POST", "/-/reload");
      assertThat(off.statusCode()).isEqualTo(403);
      assertThat(off.body()).isEqualTo("Lifecycle API is not enabled.");
      HttpResponse<String> get = Fixture.get(s.uri(), "/-/reload");
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.body()).isEqualTo("Only POST or PUT requests allowed");
      // the programmatic reload (SIGHUP) works without the flag
      Files.writeString(config, CONFIG_B);
      assertThat(s.reload()).isEmpty();
      assertThat(Fixture.get(s.uri(), "/api/v1/scrape_pools").body()).contains("[\"b\"]");
    }
  }

  @Test
  void routePrefixMovesEveryRoute() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, CONFIG_A);
    try (DiscoveryServer s =
        start(
            DiscoveryServer.builder(config)
                .externalUrl(URI.create("http://sd.example:9090/discovery/")))) {
      assertThat(Fixture.get(s.uri(), "/discovery/api/v1/targets").statusCode()).isEqualTo(200);
      assertThat(Fixture.get(s.uri(), "/discovery/sd/a").statusCode()).isEqualTo(200);
      assertThat(Fixture.get(s.uri(), "/discovery/-/healthy").statusCode()).isEqualTo(200);
      assertThat(Fixture.get(s.uri(), "/discovery/").statusCode()).isEqualTo(200);
      assertThat(Fixture.get(s.uri(), "/api/v1/targets").statusCode()).isEqualTo(404);
      HttpResponse<String> root = Fixture.get(s.uri(), "/");
      assertThat(root.statusCode()).isEqualTo(302);
      assertThat(root.headers().firstValue("Location")).contains("/discovery/");
      // a loopback target's global URL takes the external host
      assertThat(Fixture.get(s.uri(), "/discovery/api/v1/targets").body())
          .contains("\"globalUrl\":\"http://sd.example:1/metrics\"");
    }
  }

  @Test
  void webConfigFileAsksForBasicAuth() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, CONFIG_A);
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  dave: " + DAVE + "\n");
    try (DiscoveryServer s = start(DiscoveryServer.builder(config).webConfigFile(web))) {
      assertThat(Fixture.get(s.uri(), "/api/v1/targets").statusCode()).isEqualTo(401);
      String auth =
          "Basic "
              + Base64.getEncoder().encodeToString("dave:dave123".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> ok =
          Fixture.send(s.uri(), "GET", "/api/v1/targets", "Authorization", auth);
      assertThat(ok.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsHaveDiscoveryHttpAndJvmFamilies() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, CONFIG_A);
    try (DiscoveryServer s = start(DiscoveryServer.builder(config))) {
      Fixture.get(s.uri(), "/api/v1/targets");
      String text = Fixture.get(s.uri(), "/metrics").body();
      assertThat(text)
          .contains("prometheus_sd_discovered_targets{config=\"a\",name=\"scrape\"} 1")
          .contains("prometheus_sd_updates_total{name=\"scrape\"}")
          .contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/targets\"} 1")
          .contains(
              "prometheus_http_request_duration_seconds_bucket{handler=\"/api/v1/targets\",le=\"0.1\"}")
          .contains("jvm_memory_used_bytes")
          .contains("process_cpu_seconds_total");
    }
  }
}
