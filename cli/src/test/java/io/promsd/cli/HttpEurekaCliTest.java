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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promsd check service-discovery --compat=2} and {@code promsd targets} on http_sd and
 * eureka_sd jobs: the output is what promtool 2.42 printed for the same answers (cases of {@code
 * testdata/http} and {@code testdata/eureka} {@code promtool-2.42/discovery.yaml}, served here by a
 * minimal server on 127.0.0.1 that gives the recorded answer).
 */
class HttpEurekaCliTest {
  @TempDir Path tmp;
  private HttpServer server;
  private ExecutorService pool;
  private volatile Map<String, Node> answer;

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
      Map<String, Node> a = answer;
      for (Map.Entry<Node, Node> h : a.get("headers").entries()) {
        x.getResponseHeaders().set(h.getKey().text(), h.getValue().text());
      }
      byte[] body = a.get("body").text().getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(Integer.parseInt(a.get("status").text()), body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, Node> map(Node n) {
    Map<String, Node> m = new LinkedHashMap<>();
    n.entries().forEach(e -> m.put(e.getKey().text(), e.getValue()));
    return m;
  }

  private static Map<String, Node> recorded(String mechanism, String name) throws IOException {
    Path file = E2eConformanceTest.testdata().resolve(mechanism + "/promtool-2.42/discovery.yaml");
    Node doc = Documents.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    for (Node c : map(doc).get("cases").items()) {
      Map<String, Node> m = map(c);
      if (m.get("name").text().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no case " + name);
  }

  private Path config(String mechanism, Map<String, Node> c) throws IOException {
    answer = map(c.get("responses").items().get(0));
    StringBuilder yml =
        new StringBuilder("scrape_configs:\n  - job_name: ")
            .append(mechanism)
            .append("\n    ")
            .append(mechanism)
            .append("_sd_configs:\n");
    String port = Integer.toString(server.getAddress().getPort());
    for (String line : c.get("sd_configs").text().replace("PORT", port).split("\n")) {
      if (!line.isEmpty()) {
        yml.append("      ").append(line).append('\n');
      }
    }
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(cfg, yml);
    return cfg;
  }

  private void matchesPromtool(String mechanism, String name) throws IOException {
    Map<String, Node> c = recorded(mechanism, name);
    Path cfg = config(mechanism, c);
    CliTest.Out out =
        CliTest.promsd("check", "service-discovery", "--compat=2", cfg.toString(), mechanism);
    assertThat(out.err()).isEmpty();
    assertThat(out.code()).isZero();
    String port = Integer.toString(server.getAddress().getPort());
    String ours = out.out().strip().replace("127.0.0.1:" + port, "127.0.0.1:PORT");
    // promtool prints groups in Go's random map order: compare the entries, each byte for byte.
    assertThat(entries(ours)).isEqualTo(entries(c.get("stdout").text().strip()));
  }

  /** The JSON array's top-level entries as text, sorted. */
  private static java.util.List<String> entries(String json) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    int start = -1;
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '"') {
        for (i++; json.charAt(i) != '"'; i++) {
          if (json.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (ch == '{') {
        if (depth++ == 0) {
          start = i;
        }
      } else if (ch == '}' && --depth == 0) {
        out.add(json.substring(start, i + 1));
      }
    }
    out.sort(null);
    assertThat(out).isNotEmpty();
    return out;
  }

  @Test
  void httpJobPrintsWhatPromtoolPrinted() throws IOException {
    matchesPromtool("http", "basic");
  }

  @Test
  void eurekaJobPrintsWhatPromtoolPrinted() throws IOException {
    matchesPromtool("eureka", "basic");
  }

  @Test
  void targetsListsTheEurekaInstances() throws IOException {
    Path cfg = config("eureka", recorded("eureka", "basic"));
    CliTest.Out out = CliTest.promsd("targets", "--compat=2", cfg.toString());
    assertThat(out.code()).isZero();
    assertThat(out.out())
        .contains("job \"eureka\": 3 active, 0 dropped, 0 failed")
        .contains("http://orders-1.example.test:8080/metrics")
        .contains("instance=\"orders-1:8080\"");
  }
}
