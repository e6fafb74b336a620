package io.promsd.pushgateway.junit;

import static io.promsd.pushgateway.junit.PushgatewayAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.pushgateway.Pushgateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

class PushgatewayExtensionTest {
  @RegisterExtension static PushgatewayExtension gateway = new PushgatewayExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What a batch job does: one PUT of its results. */
  private static int push(URI base, String path, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void seesWhatTheJobPushed() throws Exception {
    push(
        gateway.url(),
        "/metrics/job/backup/instance/db1",
        "# TYPE job_last_success_unixtime gauge\njob_last_success_unixtime 1.7e9\n"
            + "# TYPE rows_total counter\nrows_total{table=\"a\"} 3\nrows_total{table=\"b\"} 5\n");
    assertThat(gateway)
        .hasGroupCount(1)
        .group("job", "backup", "instance", "db1")
        .lastPushSucceeded()
        .hasGauge("job_last_success_unixtime")
        .withValue(1.7e9)
        .and()
        .hasCounter("rows_total")
        .withLabels("table", "b")
        .withValue(5);
  }

  @Test
  void startsEachTestEmpty(Pushgateway gw) {
    assertThat(gw).hasGroupCount(0).hasNoGroup("job", "backup", "instance", "db1");
  }

  @Test
  void failuresShowWhatWasPushed() throws Exception {
    push(gateway.url(), "/metrics/job/nightly", "# TYPE rows gauge\nrows 7\n");
    assertThatThrownBy(
            () -> assertThat(gateway).group("job", "nightly").hasGauge("rows").withValue(8))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("expected rows with the value 8.0")
        .hasMessageContaining("rows{instance=\"\",job=\"nightly\"} 7");
    assertThatThrownBy(() -> assertThat(gateway).group("job", "nightly").hasCounter("rows"))
        .hasMessageContaining("expected rows to be a counter but it is a gauge");
    assertThatThrownBy(() -> assertThat(gateway).group("job", "daily"))
        .hasMessageContaining("expected a group {job=daily}");
  }

  @Test
  void failedPushIsVisible() throws Exception {
    push(gateway.url(), "/metrics/job/a", "# TYPE x gauge\nx 1\n");
    push(gateway.url(), "/metrics/job/b", "# TYPE x gauge\nx 2\n");
    // refused by the consistency check: x is a gauge in group b
    push(gateway.url(), "/metrics/job/a", "# TYPE x counter\nx 1\n");
    assertThatThrownBy(() -> assertThat(gateway).group("job", "a").lastPushSucceeded())
        .hasMessageContaining("expected the last push to succeed");
  }
}
