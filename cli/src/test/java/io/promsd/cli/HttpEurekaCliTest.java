package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code promsd check service-discovery --compat=2} and {@code promsd targets} on http_sd and
 * eureka_sd jobs: the output is what promtool 2.42 printed for the same answers (cases of {@code
 * testdata/http} and {@code testdata/eureka} {@code promtool-2.42/discovery.yaml}, served here by a
 * minimal server on 127.0.0.1 that gives the recorded answer).
 */
class HttpEurekaCliTest {
  @TempDir Path tmp;
  private LoopbackHttpServer server;
  private volatile Map<String, Node> answer;

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

  private Path config(String mechanism, Map<String, Node> c) throws IOException {
    answer = SdFixtures.map(c.get("responses").items().get(0));
    String port = Integer.toString(server.port());
    String yml =
        SdFixtures.prometheusYml(mechanism, c.get("sd_configs").text().replace("PORT", port));
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(cfg, yml);
    return cfg;
  }

  private void matchesPromtool(String mechanism, String name) throws IOException {
    Map<String, Node> c = SdFixtures.recordedCase(mechanism, "promtool-2.42/discovery.yaml", name);
    Path cfg = config(mechanism, c);
    CliTest.Out out =
        CliTest.promsd("check", "service-discovery", "--compat=2", cfg.toString(), mechanism);
    assertThat(out.err()).isEmpty();
    assertThat(out.code()).isZero();
    String port = Integer.toString(server.port());
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
    Path cfg =
        config(
            "eureka", SdFixtures.recordedCase("eureka", "promtool-2.42/discovery.yaml", "basic"));
    CliTest.Out out = CliTest.promsd("targets", "--compat=2", cfg.toString());
    assertThat(out.code()).isZero();
    assertThat(out.out())
        .contains("job \"eureka\": 3 active, 0 dropped, 0 failed")
        .contains("http://orders-1.example.test:8080/metrics")
        .contains("instance=\"orders-1:8080\"");
  }
}
