package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Against a real Consul agent in Docker (Testcontainers' {@link ConsulContainer}): registration and
 * deregistration through the agent API show up as groups, with the labels a real agent gives.
 * Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConsulContainerIT {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  @Container static final ConsulContainer CONSUL = new ConsulContainer("hashicorp/consul:1.21");

  private final HttpClient http = HttpClient.newHttpClient();

  private String address() {
    return CONSUL.getHost() + ":" + CONSUL.getMappedPort(8500);
  }

  private void agent(String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + address() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void registrationsShowAsGroups() throws Exception {
    agent(
        "/v1/agent/service/register",
        """
        {"ID": "web-1", "Name": "web", "Tags": ["prod", "v1"], "Address": "10.1.2.3",
         "Port": 8080, "Meta": {"version": "1.2"}}
        """);
    ConsulSdConfig c =
        Fixtures.parse(
            "server: " + address() + "\ntags: [prod]\nrefresh_interval: 100ms",
            Compat.PROMETHEUS_3);
    try (RecordingContext ctx =
        RecordingContext.run(new ConsulDiscoverer(c, ConsulDiscovererTest.FAST, k -> null))) {
      ctx.awaitState(s -> s.containsKey("web") && !s.get("web").isEmpty(), DEADLINE);
      TargetGroup g = ctx.state().get("web");
      assertThat(g.labels().get("__meta_consul_dc")).isEqualTo("dc1");
      Labels t = g.targets().get(0);
      assertThat(t.get("__address__")).isEqualTo("10.1.2.3:8080");
      assertThat(t.get("__meta_consul_tags")).isEqualTo(",prod,v1,");
      assertThat(t.get("__meta_consul_service_id")).isEqualTo("web-1");
      assertThat(t.get("__meta_consul_service_metadata_version")).isEqualTo("1.2");
      assertThat(t.get("__meta_consul_health")).isEqualTo("passing");
      assertThat(t.get("__meta_consul_node")).isNotEmpty();
      // "consul" itself has no prod tag, so it is not watched
      assertThat(ctx.state()).doesNotContainKey("consul");

      agent(
          "/v1/agent/service/register",
          "{\"ID\": \"web-2\", \"Name\": \"web\", \"Tags\": [\"prod\"], \"Port\": 9090}");
      ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);

      agent("/v1/agent/service/deregister/web-1", "");
      agent("/v1/agent/service/deregister/web-2", "");
      ctx.awaitState(s -> s.get("web").isEmpty() && s.get("web").labels().isEmpty(), DEADLINE);
      assertThat(ctx.errors()).isEmpty();
    }
  }
}
