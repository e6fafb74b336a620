package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** promsd's own behaviour beyond the real one: persistence format, expiry, limits. */
class GatewayBehaviourTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  static HttpResponse<String> put(Pushgateway gw, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(gw.uri() + path))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String withoutSelf(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n")) {
      if (!line.contains("pushgateway_")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  private static Pushgateway.Builder builder() {
    return Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false);
  }

  @Test
  void persistenceSurvivesRestartWithFamiliesTimesAndHelp() throws Exception {
    Path file = tmp.resolve("pg.data");
    String before;
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      assertThat(
              put(
                      gw,
                      "/metrics/job/a/instance/x",
                      "# HELP h Help with \\\\ and \\n.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 3\nh_count 2\n"
                          + "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 2\ns_count 3\nu{v=\"\u00e4\"} NaN\n")
                  .statusCode())
          .isEqualTo(200);
      // refused by the consistency check (a parse error never reaches the store)
      assertThat(put(gw, "/metrics/job/b", "# TYPE s gauge\ns 1\n").statusCode()).isEqualTo(400);
      before = withoutSelf(gw.scrapeText());
    }
    assertThat(Files.size(file)).isPositive();
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      assertThat(withoutSelf(gw.scrapeText())).isEqualTo(before);
      assertThat(gw.group(Map.of("job", "b")).orElseThrow().failureTimeSeconds()).isPositive();
    }
  }

  @Test
  void aDamagedFileIsReportedAndReplaced() throws Exception {
    Path file = tmp.resolve("pg.data");
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      put(gw, "/metrics/job/a", "a 1\n");
    }
    byte[] data = Files.readAllBytes(file);
    // every cut and a flipped byte: none loads partially, all start empty
    for (int cut : new int[] {0, 5, data.length / 2, data.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(data, cut));
      try (Pushgateway gw = builder().persistenceFile(file).start()) {
        assertThat(gw.groups()).as("cut at " + cut).isEmpty();
      }
    }
    data[data.length / 2] ^= 0x55;
    Files.write(file, data);
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      assertThat(gw.groups()).isEmpty();
      put(gw, "/metrics/job/c", "c 1\n");
    }
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      assertThat(gw.groups()).containsExactly(Map.of("job", "c"));
    }
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("pg.data");
    }
  }

  @Test
  void writesAtMostOncePerIntervalAfterAChange() throws Exception {
    Path file = tmp.resolve("pg.data");
    try (Pushgateway gw =
        builder().persistenceFile(file).persistenceInterval(Duration.ofMillis(300)).start()) {
      put(gw, "/metrics/job/a", "a 1\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(file) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(file).exists();
      byte[] first = Files.readAllBytes(file);
      put(gw, "/metrics/job/b", "b 1\n");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (java.util.Arrays.equals(first, Files.readAllBytes(file))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Store s = new Store();
      Persistence.read(Files.readAllBytes(file), s);
      assertThat(s.size()).isEqualTo(2);
    }
  }

  @Test
  void expiryDeletesGroupsNotPushedForTheTtl() throws Exception {
    try (Pushgateway gw = builder().pushTtl(Duration.ofMillis(400)).start()) {
      put(gw, "/metrics/job/old", "a 1\n");
      long pushed = System.nanoTime();
      long deadline = pushed + TimeUnit.SECONDS.toNanos(10);
      while (gw.groups().contains(Map.of("job", "old")) && System.nanoTime() < deadline) {
        put(gw, "/metrics/job/keep", "b 1\n");
        Thread.sleep(50);
      }
      long gone = System.nanoTime() - pushed;
      assertThat(gw.groups()).containsExactly(Map.of("job", "keep"));
      assertThat(gone).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
      assertThat(gone).isLessThan(TimeUnit.MILLISECONDS.toNanos(400 + 1000));
    }
  }

  @Test
  void aGroupsOwnTtlExpiresItAndSurvivesARestart() throws Exception {
    Path file = tmp.resolve("ttl.data");
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(gw.uri() + "/metrics/job/short"))
                  .header(Pushgateway.TTL_HEADER, "1500ms")
                  .PUT(HttpRequest.BodyPublishers.ofString("a 1\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      put(gw, "/metrics/job/long", "b 1\n");
    }
    long restarted = System.nanoTime();
    try (Pushgateway gw = builder().persistenceFile(file).start()) {
      long deadline = restarted + TimeUnit.SECONDS.toNanos(10);
      while (gw.groups().size() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(gw.groups()).containsExactly(Map.of("job", "long"));
    }
    try (Pushgateway gw = builder().start()) {
      HttpResponse<String> bad =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(gw.uri() + "/metrics/job/x"))
                  .header(Pushgateway.TTL_HEADER, "soon")
                  .PUT(HttpRequest.BodyPublishers.ofString("a 1\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("invalid Pushgateway-TTL header \"soon\"");
    }
  }

  @Test
  void limitsAnswerClear4xxAndKeepWhatOthersPushed() throws Exception {
    try (Pushgateway gw = builder().maxBodyBytes(1000).maxGroups(2).maxSeries(3).start()) {
      assertThat(put(gw, "/metrics/job/a", "a 1\n").statusCode()).isEqualTo(200);
      HttpResponse<String> big = put(gw, "/metrics/job/a", "b 1\n".repeat(400));
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).contains("larger than the limit of 1000 bytes");
      assertThat(put(gw, "/metrics/job/b", "b 1\n").statusCode()).isEqualTo(200);
      HttpResponse<String> third = put(gw, "/metrics/job/c", "c 1\n");
      assertThat(third.statusCode()).isEqualTo(400);
      assertThat(third.body()).contains("--push.max-groups");
      HttpResponse<String> many = put(gw, "/metrics/job/b", "b 1\nc 1\nd 1\n");
      assertThat(many.statusCode()).isEqualTo(400);
      assertThat(many.body()).contains("--push.max-series");
      assertThat(gw.scrapeText())
          .contains("a{instance=\"\",job=\"a\"} 1\n")
          .contains("b{instance=\"\",job=\"b\"} 1\n");
    }
  }

  @Test
  void closeIsIdempotentAndLeavesNoThreads() throws IOException {
    Pushgateway gw =
        builder().pushTtl(Duration.ofSeconds(1)).persistenceFile(tmp.resolve("x.data")).start();
    gw.close();
    gw.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("promsd-pushgateway-"));
  }
}
