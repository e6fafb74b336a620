package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeTarget;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /sd/JOB}: the http_sd format, ETags, shards and their errors. */
class HttpSdTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static DiscoveryServer server;

  @BeforeAll
  static void start() throws Exception {
    Fixture.copyTree(Fixture.testdata().resolve("serve/configs/edge"), dir);
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

  /** The labels a scraper rebuilds from one http_sd group: its labels plus its one target. */
  private static List<Labels> rebuilt(String body) throws Exception {
    List<Labels> out = new ArrayList<>();
    for (JsonNode g : JSON.readTree(body)) {
      assertThat(g.get("targets")).hasSize(1);
      Labels.Builder b = Labels.builder().set("__address__", g.get("targets").get(0).asText());
      g.get("labels").properties().forEach(e -> b.set(e.getKey(), e.getValue().asText()));
      out.add(b.build());
    }
    return out;
  }

  @Test
  void eachActiveTargetIsOneGroupWithItsFinalLabels() throws Exception {
    for (String job : List.of("files", "blackbox", "node", "shard", "all-dropped", "empty")) {
      HttpResponse<String> r = Fixture.get(server.uri(), "/sd/" + job);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JobTargets t = server.targets().job(job).orElseThrow();
      assertThat(rebuilt(r.body()))
          .as(job)
          .containsExactlyElementsOf(t.active().stream().map(ScrapeTarget::labels).toList());
    }
    List<Labels> files = rebuilt(Fixture.get(server.uri(), "/sd/files").body());
    assertThat(files).extracting(l -> l.get("__scheme__")).contains("https", "http");
    assertThat(files).extracting(l -> l.get("__param_debug")).contains("true");
    assertThat(files).allSatisfy(l -> assertThat(l.get("job")).isEqualTo("files"));
  }

  @Test
  void anUnchangedAnswerIsNotSentAgain() throws Exception {
    HttpResponse<String> first = Fixture.get(server.uri(), "/sd/files");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{32}\"");
    HttpResponse<String> again =
        Fixture.send(server.uri(), "GET", "/sd/files", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);
    HttpResponse<String> weak =
        Fixture.send(server.uri(), "GET", "/sd/files", "If-None-Match", "\"x\", W/" + etag);
    assertThat(weak.statusCode()).isEqualTo(304);
    HttpResponse<String> other =
        Fixture.send(server.uri(), "GET", "/sd/node", "If-None-Match", etag);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.headers().firstValue("ETag")).isNotEqualTo(etag);
  }

  @Test
  void shardsOfARunningServerSplitTheJob() throws Exception {
    List<Labels> all = rebuilt(Fixture.get(server.uri(), "/sd/files").body());
    List<Labels> union = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      union.addAll(rebuilt(Fixture.get(server.uri(), "/sd/files?shard=" + i + "&shards=2").body()));
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    HttpResponse<String> unknown = Fixture.get(server.uri(), "/sd/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("unknown job \"nope\"\n");
    for (String q :
        List.of(
            "?shard=2&shards=2",
            "?shard=-1&shards=2",
            "?shards=0&shard=0",
            "?shard=1",
            "?shards=3",
            "?shard=a&shards=2")) {
      HttpResponse<String> r = Fixture.get(server.uri(), "/sd/files" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).as(q).contains("0 <= shard < shards");
    }
  }
}
