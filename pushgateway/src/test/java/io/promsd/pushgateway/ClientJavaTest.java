package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pushes from client_java's own Pushgateway exporter ({@code
 * io.prometheus:prometheus-metrics-exporter-pushgateway}): push (PUT), pushAdd (POST) and delete,
 * with a grouping key holding a {@code /} and an empty value.
 */
class ClientJavaTest {
  @Test
  void pushPushAddDeleteFromClientJava() throws Exception {
    try (Pushgateway gw =
        Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false).start()) {
      PrometheusRegistry registry = new PrometheusRegistry();
      Gauge last =
          Gauge.builder()
              .name("job_last_success_unixtime")
              .help("Last success.")
              .register(registry);
      last.set(1234);
      Counter rows =
          Counter.builder().name("rows_total").help("Rows.").labelNames("table").register(registry);
      rows.labelValues("a").inc(3);
      PushGateway pg =
          PushGateway.builder()
              .address("127.0.0.1:" + gw.port())
              .job("javajob")
              .groupingKey("instance", "db/1")
              .groupingKey("empty", "")
              .format(Format.PROMETHEUS_TEXT)
              .registry(registry)
              .build();
      pg.push();
      Map<String, String> key = Map.of("job", "javajob", "instance", "db/1", "empty", "");
      assertThat(gw.scrapeText())
          .contains(
              "job_last_success_unixtime{empty=\"\",instance=\"db/1\",job=\"javajob\"} 1234\n")
          .contains("rows_total{empty=\"\",instance=\"db/1\",job=\"javajob\",table=\"a\"} 3\n");
      PrometheusRegistry more = new PrometheusRegistry();
      Gauge.builder().name("extra").help("Added.").register(more).set(5);
      PushGateway.builder()
          .address("127.0.0.1:" + gw.port())
          .job("javajob")
          .groupingKey("instance", "db/1")
          .groupingKey("empty", "")
          .format(Format.PROMETHEUS_TEXT)
          .registry(more)
          .build()
          .pushAdd();
      PushedGroup g = gw.group(key).orElseThrow();
      assertThat(g.family("extra")).isPresent();
      assertThat(g.family("job_last_success_unixtime")).isPresent();
      pg.delete();
      assertThat(gw.group(key)).isEmpty();
    }
  }
}
