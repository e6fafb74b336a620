package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelStep;
import io.promsd.sd.internal.ScrapeJob;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays what the real Prometheus 2.42 server answered ({@code testdata/serve/prometheus-2.42},
 * recorded by {@code testdata/serve/gen/record.py}) against {@code promsd serve --compat=2} on the
 * same config. Target lists are compared as multisets (Prometheus lists a pool's targets in Go map
 * order); pools must come in sorted order as in {@code api.go} targets.
 *
 * <p>One known difference is checked rather than ignored: 2.42's {@code relabel.Process} writes
 * each rule's result into the backing array of its input (fixed in 2.43), so its discovered labels
 * of relabeled targets can hold labels a rule wrote in place of original ones. promsd reports the
 * true discovered labels; for such a target every recorded discovered label must be either one of
 * promsd's or one a rule wrote, with that value.
 */
class ServeReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static DiscoveryServer server;
  private static Map<String, Object> recorded;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() throws Exception {
    Path testdata = Fixture.testdata();
    recorded =
        new Yaml().load(Files.readString(testdata.resolve("serve/prometheus-2.42/edge.yaml")));
    Fixture.copyTree(testdata.resolve("serve/configs/edge"), dir);
    server =
        DiscoveryServer.builder(dir.resolve("prometheus.yml"))
            .compat(Compat.PROMETHEUS_2)
            .listen("127.0.0.1:0")
            .externalUrl(URI.create((String) recorded.get("externalUrl")))
            .enableLifecycle(true)
            .updateInterval(java.time.Duration.ZERO)
            .start();
    assertThat(server.awaitReady(Fixture.T)).isTrue();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> recordedAnswers() {
    List<Map<String, Object>> cases = (List<Map<String, Object>>) recorded.get("cases");
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest("edge.yaml:" + c.get("name"), () -> replay(c)));
  }

  private void replay(Map<String, Object> c) throws Exception {
    String name = (String) c.get("name");
    @SuppressWarnings("unchecked")
    Map<String, String> reqHeaders = (Map<String, String>) c.get("requestHeaders");
    HttpResponse<byte[]> r =
        Fixture.sendBytes(
            server.uri(),
            (String) c.get("method"),
            (String) c.get("path"),
            reqHeaders == null ? Map.of() : reqHeaders);
    assertThat(r.statusCode()).as("status").isEqualTo(c.get("status"));
    assertThat(r.headers().firstValue("Content-Type").orElse(null))
        .as("Content-Type")
        .isEqualTo(c.get("contentType"));
    String encoding = r.headers().firstValue("Content-Encoding").orElse(null);
    if (reqHeaders != null) {
      assertThat(encoding).as("Content-Encoding").isEqualTo(c.get("contentEncoding"));
      assertThat(r.headers().firstValue("Vary").orElse(null)).as("Vary").isEqualTo(c.get("vary"));
    }
    String body = Fixture.decode(encoding, r.body());
    String want = ((String) c.get("body")).replace("${DIR}", dir.toString());
    String contentType = (String) c.get("contentType");
    if (contentType == null || !contentType.equals("application/json")) {
      assertThat(body).isEqualTo(want);
      return;
    }
    JsonNode got = JSON.readTree(body);
    JsonNode exp = JSON.readTree(want);
    switch (name.endsWith("-gzip") ? name.substring(0, name.length() - 5) : name) {
      case "status-config" -> {
        String yaml = got.at("/data/yaml").asText();
        for (String line : exp.at("/data/yaml").asText().split("\n")) {
          if (line.contains("<secret>")) {
            assertThat(yaml).contains(line.strip());
          }
        }
        assertThat(yaml).doesNotContain("hunter2").doesNotContain("s3cr3t-token");
      }
      case "status-buildinfo" -> {
        assertThat(fieldNames(got.get("data"))).isEqualTo(fieldNames(exp.get("data")));
        assertThat(got.get("status")).isEqualTo(exp.get("status"));
      }
      default -> {
        if (exp.at("/data/activeTargets").isArray()) {
          compareTargets(got, exp);
        } else {
          assertThat(got).isEqualTo(exp);
        }
      }
    }
  }

  private void compareTargets(JsonNode got, JsonNode exp) {
    assertThat(got.get("status")).isEqualTo(exp.get("status"));
    assertThat(fieldNames(got.get("data"))).isEqualTo(fieldNames(exp.get("data")));
    for (String list : List.of("activeTargets", "droppedTargets")) {
      List<JsonNode> g = new ArrayList<>();
      got.get("data").get(list).forEach(g::add);
      List<JsonNode> e = new ArrayList<>();
      exp.get("data").get(list).forEach(e::add);
      assertThat(g).as(list + " count").hasSameSizeAs(e);
      assertPoolsSorted(g);
      List<JsonNode> unmatched = new ArrayList<>(g);
      for (JsonNode want : e) {
        JsonNode match = null;
        for (JsonNode cand : unmatched) {
          if (sameTarget(cand, want)) {
            match = cand;
            break;
          }
        }
        assertThat(match)
            .as("%s: promsd has no target like %s; left: %s", list, want, unmatched)
            .isNotNull();
        unmatched.remove(match);
      }
    }
  }

  private static void assertPoolsSorted(List<JsonNode> targets) {
    String last = "";
    for (JsonNode t : targets) {
      String pool = t.has("scrapePool") ? t.get("scrapePool").asText() : job(t);
      assertThat(pool.compareTo(last)).as("pools in sorted order").isGreaterThanOrEqualTo(0);
      last = pool;
    }
  }

  private static String job(JsonNode t) {
    return t.get("discoveredLabels").get("job").asText();
  }

  // Equal but for 2.42's in-place writes into the discovered labels (see the class comment).
  private boolean sameTarget(JsonNode got, JsonNode want) {
    ObjectNode g = got.deepCopy();
    ObjectNode w = want.deepCopy();
    JsonNode gd = g.remove("discoveredLabels");
    JsonNode wd = w.remove("discoveredLabels");
    if (!g.equals(w)) {
      return false;
    }
    if (gd.equals(wd)) {
      return true;
    }
    String pool = got.has("scrapePool") ? got.get("scrapePool").asText() : gd.get("job").asText();
    ScrapeJob sj = ScrapeJob.of(server_config(pool), Compat.PROMETHEUS_2);
    Labels discovered = labels(gd);
    Set<String> written = new HashSet<>();
    Labels after = discovered;
    for (RelabelStep s : sj.relabeler().trace(discovered).steps()) {
      for (String n : s.written()) {
        written.add(n + "\u0000" + (s.after() == null ? "" : s.after().get(n)));
      }
      if (s.after() != null) {
        after = s.after();
      }
    }
    for (Map.Entry<String, JsonNode> e : wd.properties()) {
      String v = e.getValue().asText();
      boolean ours = discovered.has(e.getKey()) && discovered.get(e.getKey()).equals(v);
      if (!ours && !written.contains(e.getKey() + "\u0000" + v)) {
        return false;
      }
    }
    return after != null;
  }

  private static io.promsd.sd.config.ScrapeConfig server_config(String pool) {
    return server.view().config().scrapeConfig(pool).orElseThrow();
  }

  private static Labels labels(JsonNode o) {
    Labels.Builder b = Labels.builder();
    o.properties().forEach(e -> b.set(e.getKey(), e.getValue().asText()));
    return b.build();
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
