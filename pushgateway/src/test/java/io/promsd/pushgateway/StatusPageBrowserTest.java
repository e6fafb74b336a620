package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.web.testing.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The page at {@code /} in headless Chromium after a few pushes. Skips without Chromium. */
class StatusPageBrowserTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static void put(URI base, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
  }

  @Test
  void showsGroupsLabelsValuesAndFailures() throws Exception {
    Browser.assumeAvailable();
    try (Pushgateway gw =
            Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false).start();
        Browser browser = Browser.launch()) {
      URI base = URI.create(gw.uri() + "/");
      put(
          base,
          "metrics/job/backup/instance/db1",
          "# HELP backup_last_success_unixtime Last success.\n"
              + "# TYPE backup_last_success_unixtime gauge\nbackup_last_success_unixtime 1.7e+09\n");
      put(base, "metrics/job/nightly", "# TYPE rows_total counter\nrows_total{table=\"<t>\"} 42\n");
      // a counter elsewhere: refused, and the new group shows the failure
      put(base, "metrics/job/other", "# TYPE rows_total gauge\nrows_total 3\n");
      try (Browser.Page page = browser.open(base)) {
        page.waitFor(
            "document.querySelectorAll('details.group').length == 3", Duration.ofSeconds(20));
        assertThat(page.text("#group-count")).isEqualTo("3");
        assertThat(page.texts("details.group > summary"))
            .anySatisfy(t -> assertThat(t).contains("job=\"backup\"").contains("instance=\"db1\""))
            .anySatisfy(t -> assertThat(t).contains("job=\"other\"").contains("Last push failed!"));
        page.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = true)");
        String metrics = String.join("\n", page.texts("pre.metrics"));
        assertThat(metrics)
            .contains("backup_last_success_unixtime{instance=\"db1\",job=\"backup\"} 1.7e+09")
            .contains("rows_total{instance=\"\",job=\"nightly\",table=\"<t>\"} 42");
        assertThat(page.consoleErrors()).isEmpty();
        String shot = System.getProperty("promsd.screenshot");
        if (shot != null) {
          Path p = Path.of(shot);
          Files.createDirectories(p.getParent());
          page.screenshot(p);
        }
      }
    }
  }
}
