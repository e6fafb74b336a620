package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private HttpServer server;
  private ExecutorService pool;
  private volatile Path payload;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
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

  private static Map<String, Node> recorded(String name) throws IOException {
    Path file = E2eConformanceTest.testdata().resolve("docker/promtool-2.42/discovery.yaml");
    Node doc = Documents.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    for (Map.Entry<Node, Node> top : doc.entries()) {
      if (!top.getKey().text().equals("cases")) {
        continue;
      }
      for (Node c : top.getValue().items()) {
        Map<String, Node> m = new java.util.LinkedHashMap<>();
        c.entries().forEach(e -> m.put(e.getKey().text(), e.getValue()));
        if (m.get("name").text().equals(name)) {
          return m;
        }
      }
    }
    throw new AssertionError("no case " + name);
  }

  private void matchesPromtool(String name) throws IOException {
    Map<String, Node> c = recorded(name);
    String mechanism = c.get("mechanism").text();
    payload = E2eConformanceTest.testdata().resolve("docker/payloads/" + c.get("payload").text());
    StringBuilder yml =
        new StringBuilder("scrape_configs:\n  - job_name: ")
            .append(mechanism)
            .append("\n    ")
            .append(mechanism)
            .append("_sd_configs:\n");
    String host = "http://127.0.0.1:" + server.getAddress().getPort();
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
    Map<String, Node> c = recorded("create-bad-host");
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
