package io.promsd.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsd.sd.DiscoveryMetrics;
import io.promsd.sd.metrics.SdMetrics;
import io.promsd.web.internal.ObservedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * The server's {@code /metrics}: Prometheus's {@code prometheus_sd_*} (through sd-metrics), its
 * reload metrics ({@code cmd/prometheus/main.go}), its HTTP metrics ({@code web/web.go}: {@code
 * prometheus_http_requests_total}, {@code prometheus_http_request_duration_seconds}, {@code
 * prometheus_http_response_size_bytes}) and client_java's JVM and process metrics.
 */
final class ServeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final DiscoveryMetrics discovery;
  private final Gauge reloadSuccessful;
  private final Gauge reloadSuccessTime;
  private final Counter requests;
  private final Histogram duration;
  private final Histogram responseSize;

  ServeMetrics() {
    discovery = SdMetrics.register(registry).manager("scrape");
    JvmMetrics.builder().register(registry);
    reloadSuccessful =
        Gauge.builder()
            .name("prometheus_config_last_reload_successful")
            .help("Whether the last configuration reload attempt was successful.")
            .register(registry);
    reloadSuccessTime =
        Gauge.builder()
            .name("prometheus_config_last_reload_success_timestamp_seconds")
            .help("Timestamp of the last successful configuration reload.")
            .register(registry);
    requests =
        Counter.builder()
            .name("prometheus_http_requests_total")
            .help("Counter of HTTP requests.")
            .labelNames("handler", "code")
            .register(registry);
    duration =
        Histogram.builder()
            .name("prometheus_http_request_duration_seconds")
            .help("Histogram of latencies for HTTP requests.")
            .classicOnly()
            .classicUpperBounds(.1, .2, .4, 1, 3, 8, 20, 60, 120)
            .labelNames("handler")
            .register(registry);
    responseSize =
        Histogram.builder()
            .name("prometheus_http_response_size_bytes")
            .help("Histogram of response size for HTTP requests.")
            .classicOnly()
            .classicExponentialUpperBounds(100, 10, 8)
            .labelNames("handler")
            .register(registry);
  }

  DiscoveryMetrics discovery() {
    return discovery;
  }

  void reloaded(boolean ok, Instant at) {
    reloadSuccessful.set(ok ? 1 : 0);
    if (ok) {
      reloadSuccessTime.set(at.toEpochMilli() / 1000.0);
    }
  }

  /** A finished request; unrouted ones count under handler {@code other}. */
  void observe(ObservedRequest r) {
    String handler = r.route().isEmpty() ? "other" : r.route();
    requests.labelValues(handler, Integer.toString(r.status())).inc();
    duration.labelValues(handler).observe(r.durationNanos() / 1e9);
    responseSize.labelValues(handler).observe(r.responseBytes());
  }

  byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toByteArray();
  }

  double reloadSuccessful() {
    return reloadSuccessful.get();
  }
}
