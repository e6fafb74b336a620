package io.promsd.examples.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promsd.relabel.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example end to end: two tiny exporters on 127.0.0.1, a prometheus.yml whose file_sd file
 * names the first, metric relabeling, then the file changed to name the second.
 */
class CustomScraperTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  /** An exporter whose every answer is {@code body}; returns its host:port. */
  private String exporter(String body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    s.createContext(
        "/metrics",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private void writeTargets(String address) throws IOException {
    Path tmp = dir.resolve("targets.json.tmp");
    Files.writeString(
        tmp, "[{\"targets\": [\"" + address + "\"], \"labels\": {\"env\": \"test\"}}]");
    Files.move(tmp, dir.resolve("targets.json"), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void scrapesWhatTheFileNamesRelabelsItsSeriesAndFollowsTheFile() throws Exception {
    String one = exporter("# a comment\nrequests_total{code=\"200\"} 5\ngo_goroutines 7\n");
    String two = exporter("requests_total{code=\"500\",env=\"theirs\"} 1\n");
    writeTargets(one);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s, scrape_timeout: 1s}
        scrape_configs:
          - job_name: app
            file_sd_configs: [{files: [targets.json]}]
            metric_relabel_configs:
              - {source_labels: [__name__], regex: 'go_.*', action: drop}
              - {source_labels: [code], regex: '(.)..', target_label: class, replacement: '${1}xx'}
        """);
    try (CustomScraper scraper = new CustomScraper()) {
      scraper.apply(config);
      Map<Labels, Double> first =
          await(scraper, s -> s.keySet().stream().anyMatch(l -> l.get("instance").equals(one)));
      assertThat(first)
          .containsOnly(
              Map.entry(
                  Labels.of(
                      "__name__",
                      "requests_total",
                      "code",
                      "200",
                      "class",
                      "2xx",
                      "env",
                      "test",
                      "instance",
                      one,
                      "job",
                      "app"),
                  5.0));

      writeTargets(two);
      Map<Labels, Double> second =
          await(
              scraper,
              s ->
                  !s.isEmpty() && s.keySet().stream().allMatch(l -> l.get("instance").equals(two)));
      assertThat(second)
          .as("the target's env wins; the scraped one is kept as exported_env")
          .containsOnly(
              Map.entry(
                  Labels.of(
                      "__name__",
                      "requests_total",
                      "code",
                      "500",
                      "class",
                      "5xx",
                      "env",
                      "test",
                      "exported_env",
                      "theirs",
                      "instance",
                      two,
                      "job",
                      "app"),
                  1.0));
    }
  }

  /** Polls the scraper's store (it has no change notification) until the condition holds. */
  private static Map<Labels, Double> await(
      CustomScraper scraper, Predicate<Map<Labels, Double>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Map<Labels, Double> s = scraper.samples();
    while (!condition.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + DEADLINE + "; last: " + s);
      }
      Thread.sleep(20); // polling under the deadline above
      s = scraper.samples();
    }
    return s;
  }
}
