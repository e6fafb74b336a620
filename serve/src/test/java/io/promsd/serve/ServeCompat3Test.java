package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The 3.x shapes, from Prometheus's source ({@code web/api/v1/api.go} at main): {@code targets}
 * adds {@code scrapePool} to dropped targets and {@code droppedTargetCounts} (every pool's count,
 * whatever {@code scrapePool} filters; {@code null} when dropped targets are not asked for); {@code
 * targetRelabelSteps} answers each rule (as {@code relabel.Config}'s JSON tags in {@code
 * model/relabel/relabel.go} write it), the labels after it and whether the target is kept, and its
 * {@code bad_data} errors. The counts expected come from the 2.42 recording of the same config
 * (none of its rules behaves differently in 3.x).
 */
class ServeCompat3Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static DiscoveryServer server;
  private static JsonNode recordedDropped;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() throws Exception {
    Path testdata = Fixture.testdata();
    Map<String, Object> rec =
        new Yaml().load(Files.readString(testdata.resolve("serve/prometheus-2.42/edge.yaml")));
    for (Map<String, Object> c : (List<Map<String, Object>>) rec.get("cases")) {
      if (c.get("name").equals("targets")) {
        recordedDropped = JSON.readTree((String) c.get("body")).at("/data/droppedTargets");
      }
    }
    Fixture.copyTree(testdata.resolve("serve/configs/edge"), dir);
    server =
        DiscoveryServer.builder(dir.resolve("prometheus.yml"))
            .compat(Compat.PROMETHEUS_3)
            .listen("127.0.0.1:0")
            .externalUrl(URI.create("http://promsd.example:9090/"))
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

  private static JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r = Fixture.get(server.uri(), path);
    assertThat(r.statusCode()).as(path).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(r.body());
  }

  @Test
  void droppedTargetsCarryTheirPoolAndEveryPoolIsCounted() throws Exception {
    Map<String, Integer> want = new TreeMap<>();
    for (String pool :
        List.of("all-dropped", "bearer", "blackbox", "empty", "files", "node", "secret", "shard")) {
      want.put(pool, 0);
    }
    recordedDropped.forEach(
        t -> want.merge(t.at("/discoveredLabels/job").asText(), 1, Integer::sum));
    for (String q :
        List.of("", "?state=dropped", "?scrapePool=node", "?state=any&scrapePool=nope")) {
      JsonNode data = get("/api/v1/targets" + q, 200).get("data");
      Map<String, Integer> counts = new TreeMap<>();
      data.get("droppedTargetCounts")
          .properties()
          .forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
      assertThat(counts).as(q).isEqualTo(want);
      data.get("droppedTargets")
          .forEach(
              t ->
                  assertThat(t.get("scrapePool").asText())
                      .isEqualTo(t.at("/discoveredLabels/job").asText()));
    }
    JsonNode active = get("/api/v1/targets?state=active", 200).get("data");
    assertThat(active.has("droppedTargetCounts")).isTrue();
    assertThat(active.get("droppedTargetCounts").isNull()).isTrue();
    assertThat(active.get("droppedTargets")).isEmpty();
  }

  @Test
  void relabelStepsShowEachRuleAndTheOutcome() throws Exception {
    String kept = "{\"__address__\":\"127.0.0.1:1\",\"env\":\"production\",\"job\":\"node\"}";
    JsonNode steps =
        get("/api/v1/targets/relabel_steps?scrapePool=node&labels=" + enc(kept), 200)
            .at("/data/steps");
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).get("rule"))
        .isEqualTo(
            JSON.readTree(
                "{\"source_labels\":[\"env\"],\"separator\":\";\",\"regex\":\"production\","
                    + "\"replacement\":\"$1\",\"action\":\"keep\"}"));
    assertThat(steps.get(0).get("output")).isEqualTo(JSON.readTree(kept));
    assertThat(steps.get(0).get("keep").asBoolean()).isTrue();

    String dropped = "{\"__address__\":\"127.1.0.1:80\",\"job\":\"shard\"}";
    steps =
        get("/api/v1/targets/relabel_steps?scrapePool=shard&labels=" + enc(dropped), 200)
            .at("/data/steps");
    assertThat(steps).hasSize(2);
    // 127.1.0.1:80 hashes to a shard other than 1 (the 2.42 recording dropped it): rule 1 drops it
    assertThat(steps.get(0).get("rule").get("modulus").asInt()).isEqualTo(3);
    assertThat(steps.get(0).get("keep").asBoolean()).isTrue();
    assertThat(steps.get(0).at("/output/__tmp_hash").asText()).isNotEqualTo("1");
    assertThat(steps.get(1).get("keep").asBoolean()).isFalse();
    assertThat(steps.get(1).get("output")).isEqualTo(JSON.readTree("{}"));
  }

  @Test
  void relabelStepsErrorsAreBadData() throws Exception {
    assertError("/api/v1/targets/relabel_steps", "no scrapePool parameter provided");
    assertError("/api/v1/targets/relabel_steps?scrapePool=node", "no labels parameter provided");
    assertError(
        "/api/v1/targets/relabel_steps?scrapePool=nope&labels=" + enc("{}"),
        "error retrieving scrape config: scrape pool \"nope\" not found");
    JsonNode bad = get("/api/v1/targets/relabel_steps?scrapePool=node&labels=" + enc("[1]"), 400);
    assertThat(bad.get("error").asText())
        .startsWith("error parsing labels: json: cannot unmarshal array");
  }

  /**
   * 3.x's {@code util/httputil/compression.go} {@code newCompressedResponseWriter} adds {@code
   * Vary: Accept-Encoding} to every API answer, compressed or not (2.42 does not: the replayed
   * cases check that); the encoding is chosen as in 2.42.
   */
  @Test
  void apiAnswersVaryOnAcceptEncodingUnder3() throws Exception {
    for (String path : List.of("/api/v1/targets", "/api/v1/scrape_pools")) {
      HttpResponse<byte[]> plain = Fixture.sendBytes(server.uri(), "GET", path, Map.of());
      assertThat(plain.headers().allValues("Vary")).as(path).containsExactly("Accept-Encoding");
      assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
      HttpResponse<byte[]> gz =
          Fixture.sendBytes(server.uri(), "GET", path, Map.of("Accept-Encoding", "br, gzip"));
      assertThat(gz.headers().allValues("Vary")).as(path).containsExactly("Accept-Encoding");
      assertThat(gz.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
      assertThat(JSON.readTree(Fixture.decode("gzip", gz.body())))
          .as(path)
          .isEqualTo(JSON.readTree(Fixture.decode(null, plain.body())));
    }
    HttpResponse<byte[]> health =
        Fixture.sendBytes(server.uri(), "GET", "/-/healthy", Map.of("Accept-Encoding", "gzip"));
    assertThat(health.headers().firstValue("Vary")).isEmpty();
    assertThat(health.headers().firstValue("Content-Encoding")).isEmpty();
  }

  private static void assertError(String path, String message) throws Exception {
    JsonNode e = get(path, 400);
    assertThat(e)
        .isEqualTo(
            JSON.createObjectNode()
                .put("status", "error")
                .put("errorType", "bad_data")
                .put("error", message));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
