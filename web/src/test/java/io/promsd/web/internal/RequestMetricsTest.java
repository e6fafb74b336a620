package io.promsd.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsd.web.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How a server labels its request metrics from the observer hook with client_java 1.x: here the
 * Pushgateway's {@code pushgateway_http_requests_total{code,handler,method}}.
 */
class RequestMetricsTest {
  @Test
  void observerFeedsClientJavaCounters() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests =
        Counter.builder()
            .name("pushgateway_http_requests_total")
            .help("Total HTTP requests processed by the Pushgateway, excluding scrapes.")
            .labelNames("code", "handler", "method")
            .register(registry);
    RequestObserver observer =
        r -> {
          if (!r.route().isEmpty()) {
            requests
                .labelValues(
                    Integer.toString(r.status()), r.route(), r.method().toLowerCase(Locale.ROOT))
                .inc();
          }
        };
    Router router = new Router().put("/metrics/job/:job", "push", (q, a) -> a.error(200, ""));
    try (WebServer s =
        WebServer.builder().listen("127.0.0.1:0").router(router).observer(observer).start()) {
      for (int i = 0; i < 3; i++) {
        RawHttp.send(
            "127.0.0.1",
            s.port(),
            "PUT",
            "/metrics/job/a",
            List.of(),
            new byte[0],
            Duration.ofSeconds(10));
      }
      RawHttp.send(
          "127.0.0.1", s.port(), "GET", "/nowhere", List.of(), null, Duration.ofSeconds(10));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "pushgateway_http_requests_total{code=\"200\",handler=\"push\",method=\"put\"} 3.0");
  }
}
