package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.testing.LoopbackHttpServer;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promsd check service-discovery --compat=2} on docker_sd and dockerswarm_sd jobs prints
 * what promtool 2.42 printed for the same daemon answers, byte for byte: the cases {@code
 * basic-http} and {@code swarm-tasks} of {@code testdata/docker/promtool-2.42/discovery.yaml},
 * served here by a minimal Engine API on 127.0.0.1 (the payload files as they are).
 */
class DockerCliTest {
  @TempDir Path tmp;
  private LoopbackHttpServer server;
  private volatile Path payload;

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
      String path = x.getRequestURI().getPath();
      Map<String, String> files =
          Map.of(
              "/v1.41/containers/json", "containers.json",
              "/v1.41/networks", "networks.json",
              "/v1.41/services", "services.json",
              "/v1.41/tasks", "tasks.json",
              "/v1.41/nodes", "nodes.json");
      x.getResponseHeaders().set("Api-Version", "1.41");
      if (path.equals("/_ping")) {
        x.sendResponseHeaders(200, -1);
        return;
      }
      String file = files.get(path);
      if (file == null) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(payload.resolve(file));
      x.getResponseHeaders().set("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void matchesPromtool(String name) throws IOException {
    Map<String, Node> c = SdFixtures.recordedCase("docker", "promtool-2.42/discovery.yaml", name);
    String mechanism = c.get("mechanism").text();
    payload = E2eConformanceTest.testdata().resolve("docker/payloads/" + c.get("payload").text());
    StringBuilder yml =
        new StringBuilder("scrape_configs:\n  - job_name: ")
            .append(mechanism)
            .append("\n    ")
            .append(mechanism)
            .append("_sd_configs:\n");
    String host = "http://127.0.0.1:" + server.port();
    for (String line : c.get("sd_configs").text().replace("HOST", host).split("\n")) {
      if (!line.isEmpty()) {
        yml.append("      ").append(line).append('\n');
      }
    }
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(cfg, yml);
    CliTest.Out out =
        CliTest.promsd("check", "service-discovery", "--compat=2", cfg.toString(), mechanism);
    assertThat(out.err()).isEmpty();
    assertThat(out.code()).isZero();
    assertThat(out.out().strip()).isEqualTo(c.get("stdout").text().strip());
  }

  @Test
  void dockerJobPrintsWhatPromtoolPrinted() throws IOException {
    matchesPromtool("basic-http");
  }

  @Test
  void aDiscovererThatCannotBeMadeFailsAsPromtoolFails() throws IOException {
    Map<String, Node> c =
        SdFixtures.recordedCase("docker", "promtool-2.42/discovery.yaml", "create-bad-host");
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(
        cfg,
        "scrape_configs:\n  - job_name: docker\n    docker_sd_configs:\n      "
            + c.get("sd_configs").text().strip()
            + "\n");
    CliTest.Out out =
        CliTest.promsd("check", "service-discovery", "--compat=2", cfg.toString(), "docker");
    assertThat(out.code()).isEqualTo(Integer.parseInt(c.get("exit").text()));
    assertThat(out.out()).isEmpty();
    assertThat(out.err())
        .isEqualTo("Could not create new discoverer " + c.get("create_error").text() + "\n");
  }

  @Test
  void dockerSwarmTasksJobPrintsWhatPromtoolPrinted() throws IOException {
    matchesPromtool("swarm-tasks");
  }
}
