package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.ScrapeTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The http_sd round trip through the real promtool 2.42 (runs only where {@code
 * /opt/prometheus-2.42/usr/bin/promtool} or {@code $PROMSD_PROMTOOL} exists): {@code promtool check
 * service-discovery} on a job that only reads {@code http_sd_configs} from {@code promsd serve}'s
 * {@code /sd/JOB} (no relabel rules of its own) must give the same final labels as promtool gives
 * for the original job, and as promsd computes for it.
 */
class PromtoolRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROMTOOL =
      Path.of(
          System.getenv().getOrDefault("PROMSD_PROMTOOL", "/opt/prometheus-2.42/usr/bin/promtool"));
  private static Path dir;
  private static DiscoveryServer server;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool 2.42 not installed at " + PROMTOOL);
    dir = Files.createTempDirectory("promsd-roundtrip");
    Fixture.copyTree(Fixture.testdata().resolve("serve/configs/edge"), dir);
    server =
        DiscoveryServer.builder(dir.resolve("prometheus.yml"))
            .compat(Compat.PROMETHEUS_2)
            .listen("127.0.0.1:0")
            .externalUrl(URI.create("http://promsd.example:9090/"))
            .updateInterval(java.time.Duration.ZERO)
            .start();
    assertThat(server.awaitReady(Fixture.T)).isTrue();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "blackbox", "node", "shard", "secret"})
  void httpSdGivesTheOriginalJobsLabels(String job) throws Exception {
    List<Labels> original = promtool(dir.resolve("prometheus.yml"), job);
    Path consumer = dir.resolve("consumer-" + job + ".yml");
    Files.writeString(
        consumer,
        "scrape_configs:\n  - job_name: "
            + job
            + "\n    http_sd_configs:\n      - url: '"
            + server.uri()
            + "/sd/"
            + job
            + "'\n        refresh_interval: 1h\n");
    List<Labels> viaHttpSd = promtool(consumer, job);
    List<Labels> promsd =
        server.targets().job(job).orElseThrow().active().stream()
            .map(ScrapeTarget::labels)
            .toList();
    assertThat(original).as("promtool's own answer for %s", job).isNotEmpty();
    assertThat(viaHttpSd).containsExactlyInAnyOrderElementsOf(original);
    assertThat(promsd).containsExactlyInAnyOrderElementsOf(original);
  }

  /** The final labels of the targets promtool keeps (dropped ones print empty labels). */
  private static List<Labels> promtool(Path config, String job) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                PROMTOOL.toString(),
                "check",
                "service-discovery",
                "--timeout=1s",
                config.getFileName().toString(),
                job)
            .directory(config.getParent().toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    Path outFile = Files.createTempFile(dir, "promtool", ".json");
    pb.redirectOutput(outFile.toFile());
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish within 30 s");
    }
    byte[] out = Files.readAllBytes(outFile);
    assertThat(p.exitValue()).as("promtool exit status").isZero();
    List<Labels> kept = new ArrayList<>();
    for (JsonNode r : JSON.readTree(new String(out, StandardCharsets.UTF_8))) {
      if (!r.get("labels").isEmpty()) {
        Labels.Builder b = Labels.builder();
        r.get("labels").properties().forEach(e -> b.set(e.getKey(), e.getValue().asText()));
        kept.add(b.build());
      }
    }
    return kept;
  }
}
