package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushgatewayCommandTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> awaitUp(URI uri) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return send(HttpRequest.newBuilder(uri.resolve("/-/ready")));
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(20); // polling a port that is not yet bound, with a deadline
      }
    }
  }

  @Test
  void servesWithTheRealFlagsAndQuitsOnRequest() throws Exception {
    int port = freePort();
    Path data = tmp.resolve("pg.data");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> code =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {
                      "pushgateway",
                      "--web.listen-address=127.0.0.1:" + port,
                      "--web.enable-lifecycle",
                      "--persistence.file=" + data,
                      "--persistence.interval=1m",
                      "--log.level=warn"
                    },
                    new PrintWriter(out),
                    new PrintWriter(err)));
    URI base = URI.create("http://127.0.0.1:" + port);
    assertThat(awaitUp(base).statusCode()).isEqualTo(200);
    HttpResponse<String> push =
        send(
            HttpRequest.newBuilder(base.resolve("/metrics/job/backup/instance/db1"))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "# TYPE last_success gauge\nlast_success 17\n")));
    assertThat(push.statusCode()).isEqualTo(200);
    String scrape = send(HttpRequest.newBuilder(base.resolve("/metrics"))).body();
    assertThat(scrape).contains("last_success{instance=\"db1\",job=\"backup\"} 17\n");
    HttpResponse<String> quit =
        send(
            HttpRequest.newBuilder(base.resolve("/-/quit"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(quit.body()).isEqualTo("Requesting termination... Goodbye!");
    assertThat(code.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(Files.size(data)).as("persisted on shutdown").isPositive();
  }

  @Test
  void rejectsAnUnknownLogLevelAsUsage() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"pushgateway", "--log.level=loud"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("unrecognized log level loud");
  }

  @Test
  void readsGoDurations() {
    assertThat(PushgatewayCommand.GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(PushgatewayCommand.GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PushgatewayCommand.GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(PushgatewayCommand.GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(PushgatewayCommand.GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(PushgatewayCommand.GoDuration.parse("5")).isNull();
    assertThat(PushgatewayCommand.GoDuration.parse("")).isNull();
    assertThat(PushgatewayCommand.GoDuration.parse("1x")).isNull();
  }
}
