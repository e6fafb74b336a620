package io.promsd.pushgateway;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.promsd.web.internal.ObservedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own metrics through client_java 1.x: the real one's {@code pushgateway_*} request
 * metrics (handler/metrics.go: names, help, labels, summary objectives), {@code
 * pushgateway_build_info}, and client_java's JVM and process metrics in place of Go's {@code go_*}
 * and {@code process_*}. Each gateway has its own registry, so two gateways in one JVM do not mix
 * their counts. Thread-safe.
 */
final class SelfMetrics {
  static final String VERSION = "0.1.0";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Summary pushSize;
  private final Summary pushDuration;

  SelfMetrics(boolean jvm) {
    requests =
        Counter.builder()
            .name("pushgateway_http_requests_total")
            .help("Total HTTP requests processed by the Pushgateway, excluding scrapes.")
            .labelNames("code", "handler", "method")
            .register(registry);
    pushSize =
        Summary.builder()
            .name("pushgateway_http_push_size_bytes")
            .help("HTTP request size for pushes to the Pushgateway.")
            .quantile(0.1, 0.01)
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .labelNames("method")
            .register(registry);
    pushDuration =
        Summary.builder()
            .name("pushgateway_http_push_duration_seconds")
            .help("HTTP request duration for pushes to the Pushgateway.")
            .quantile(0.1, 0.01)
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .labelNames("method")
            .register(registry);
    Gauge.builder()
        .name("pushgateway_build_info")
        .help(
            "A metric with a constant '1' value labeled by version, revision, branch, and"
                + " goversion from which pushgateway was built.")
        .labelNames("branch", "goversion", "revision", "version")
        .register(registry)
        .labelValues("", "java" + System.getProperty("java.specification.version"), "", VERSION)
        .set(1);
    if (jvm) {
      // client_java's JVM set without the thread metrics (whose deadlock detection is a safepoint
      // operation on every scrape) and the native-memory ones (a diagnostic command per scrape)
      JvmMemoryMetrics.builder().register(registry);
      JvmGarbageCollectorMetrics.builder().register(registry);
      JvmBufferPoolMetrics.builder().register(registry);
      JvmClassLoadingMetrics.builder().register(registry);
      JvmCompilationMetrics.builder().register(registry);
      JvmRuntimeInfoMetric.builder().register(registry);
      ProcessMetrics.builder().register(registry);
    }
  }

  /** Counts one answered request (handlers as handler/metrics.go names them). */
  void observe(ObservedRequest r) {
    String handler = r.route();
    if (handler.isEmpty() || handler.equals("metrics")) {
      return; // scrapes and unrouted requests are not counted, as in the real one
    }
    String method = r.method().toLowerCase(java.util.Locale.ROOT);
    requests.labelValues(Integer.toString(r.status()), handler, method).inc();
    if (handler.equals("push")) {
      pushSize.labelValues(method).observe(r.approximateRequestSize());
      pushDuration.labelValues(method).observe(r.durationNanos() / 1e9);
    }
  }

  /** The own families, as the real one's DefaultGatherer gives them. */
  List<Family> collect() {
    List<Family> out = new ArrayList<>();
    for (MetricSnapshot s : registry.scrape()) {
      Family f = convert(s);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Name to type and help, for the consistency check and help fixing. */
  Map<String, Store.Own> describe() {
    Map<String, Store.Own> out = new LinkedHashMap<>();
    for (Family f : collect()) {
      out.put(f.name, new Store.Own(f.type, f.help == null ? "" : f.help));
    }
    return out;
  }

  private static Family convert(MetricSnapshot s) {
    String base = s.getMetadata().getPrometheusName();
    String help = s.getMetadata().getHelp();
    if (s instanceof CounterSnapshot c) {
      Family f = new Family(base + "_total", help, MetricType.COUNTER, new ArrayList<>());
      for (CounterSnapshot.CounterDataPointSnapshot d : c.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.counter = d.getValue();
        f.metrics.add(m);
      }
      return f;
    }
    if (s instanceof GaugeSnapshot g) {
      Family f = new Family(base, help, MetricType.GAUGE, new ArrayList<>());
      for (GaugeSnapshot.GaugeDataPointSnapshot d : g.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.gauge = d.getValue();
        f.metrics.add(m);
      }
      return f;
    }
    if (s instanceof SummarySnapshot sum) {
      Family f = new Family(base, help, MetricType.SUMMARY, new ArrayList<>());
      for (SummarySnapshot.SummaryDataPointSnapshot d : sum.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.summary = new Family.Summary();
        m.summary.sampleCount = d.hasCount() ? d.getCount() : 0L;
        m.summary.sampleSum = d.hasSum() ? d.getSum() : 0.0;
        for (Quantile q : d.getQuantiles()) {
          m.summary.quantiles.add(new double[] {q.getQuantile(), q.getValue()});
        }
        f.metrics.add(m);
      }
      return f;
    }
    if (s instanceof HistogramSnapshot h) {
      Family f = new Family(base, help, MetricType.HISTOGRAM, new ArrayList<>());
      for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.histogram = new Family.Histogram();
        m.histogram.sampleCount = d.hasCount() ? d.getCount() : 0L;
        m.histogram.sampleSum = d.hasSum() ? d.getSum() : 0.0;
        ClassicHistogramBuckets b = d.getClassicBuckets();
        long cum = 0;
        for (int i = 0; i < b.size(); i++) {
          cum += b.getCount(i);
          Family.Bucket fb = new Family.Bucket();
          fb.upperBound = b.getUpperBound(i);
          fb.cumulativeCount = cum;
          m.histogram.buckets.add(fb);
        }
        f.metrics.add(m);
      }
      return f;
    }
    if (s instanceof InfoSnapshot info) {
      Family f = new Family(base + "_info", help, MetricType.GAUGE, new ArrayList<>());
      for (InfoSnapshot.InfoDataPointSnapshot d : info.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.gauge = 1.0;
        f.metrics.add(m);
      }
      return f;
    }
    if (s instanceof StateSetSnapshot ss) {
      Family f = new Family(base, help, MetricType.GAUGE, new ArrayList<>());
      for (StateSetSnapshot.StateSetDataPointSnapshot d : ss.getDataPoints()) {
        for (int i = 0; i < d.size(); i++) {
          String[] l = labels(d.getLabels());
          String[] l2 = java.util.Arrays.copyOf(l, l.length + 2);
          l2[l.length] = base;
          l2[l.length + 1] = d.getName(i);
          Family.Metric m = new Family.Metric(l2);
          m.gauge = d.isTrue(i) ? 1.0 : 0.0;
          f.metrics.add(m);
        }
      }
      return f;
    }
    if (s instanceof UnknownSnapshot u) {
      Family f = new Family(base, help, MetricType.UNTYPED, new ArrayList<>());
      for (UnknownSnapshot.UnknownDataPointSnapshot d : u.getDataPoints()) {
        Family.Metric m = new Family.Metric(labels(d.getLabels()));
        m.untyped = d.getValue();
        f.metrics.add(m);
      }
      return f;
    }
    return null;
  }

  private static String[] labels(Labels l) {
    String[] out = new String[l.size() * 2];
    for (int i = 0; i < l.size(); i++) {
      out[2 * i] = l.getPrometheusName(i);
      out[2 * i + 1] = l.getValue(i);
    }
    return out;
  }
}
