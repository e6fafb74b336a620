package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.testing.LoopbackHttpServer;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promsd check service-discovery --compat=2} on an openstack_sd job prints what promtool
 * 2.42 printed for the same cloud, byte for byte: the case {@code hypervisor-basic} of {@code
 * testdata/openstack/promtool-2.42/discovery.yaml} (hypervisors keep the list's order, so the
 * output is deterministic), served by a minimal Keystone + Nova on 127.0.0.1 from the same world;
 * and a discoverer that cannot be created fails as promtool failed ({@code env-missing}).
 */
class OpenStackCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private LoopbackHttpServer server;
  private JsonNode world;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackHttpServer.start(this::answer);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      x.getRequestBody().readAllBytes();
      String path = x.getRequestURI().getPath();
      String port = Integer.toString(server.port());
      ObjectNode doc = JSON.createObjectNode();
      int status = 200;
      if (path.equals("/identity/v3/auth/tokens")) {
        doc.putObject("token")
            .set("catalog", JSON.readTree(world.get("catalog").toString().replace("PORT", port)));
        x.getResponseHeaders().set("X-Subject-Token", "cli-token");
        status = 201;
      } else if (path.equals("/compute/v2.1/os-hypervisors/detail")) {
        doc.set("hypervisors", world.get("hypervisors"));
      } else {
        status = 404;
      }
      byte[] body = doc.toString().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "application/json");
      x.sendResponseHeaders(status, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Path config(Map<String, Node> c) throws IOException {
    StringBuilder yml =
        new StringBuilder("scrape_configs:\n  - job_name: openstack\n    openstack_sd_configs:\n");
    String port = Integer.toString(server.port());
    for (String line : c.get("sd_configs").text().replace("PORT", port).split("\n")) {
      if (!line.isEmpty()) {
        yml.append("      ").append(line).append('\n');
      }
    }
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(cfg, yml);
    return cfg;
  }

  @Test
  void hypervisorJobPrintsWhatPromtoolPrinted() throws IOException {
    Map<String, Node> c =
        SdFixtures.recordedCase("openstack", "promtool-2.42/discovery.yaml", "hypervisor-basic");
    world =
        JSON.readTree(
            E2eConformanceTest.testdata()
                .resolve("openstack/payloads/" + c.get("payload").text() + ".json")
                .toFile());
    CliTest.Out out =
        CliTest.promsd(
            "check", "service-discovery", "--compat=2", config(c).toString(), "openstack");
    assertThat(out.err()).isEmpty();
    assertThat(out.code()).isZero();
    assertThat(out.out().strip()).isEqualTo(c.get("stdout").text().strip());
  }

  @Test
  void aDiscovererThatCannotBeMadeFailsAsPromtoolFails() throws IOException {
    Map<String, Node> c =
        SdFixtures.recordedCase("openstack", "promtool-2.42/discovery.yaml", "env-missing");
    CliTest.Out out =
        CliTest.promsd(
            "check", "service-discovery", "--compat=2", config(c).toString(), "openstack");
    assertThat(out.code()).isEqualTo(Integer.parseInt(c.get("exit").text()));
    assertThat(out.out()).isEmpty();
    assertThat(out.err()).isEqualTo(c.get("stderr").text().strip() + "\n");
  }
}
