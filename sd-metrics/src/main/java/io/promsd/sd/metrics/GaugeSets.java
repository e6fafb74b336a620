package io.promsd.sd.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gauge whose series each discoverer replaces as a whole (file SD's {@code
 * prometheus_sd_file_mtime_seconds{filename}}): the union of what the running discoverers report,
 * one series per label set even when several discoverers report it (Prometheus's {@code
 * TimestampCollector} in {@code discovery/file/file.go}). Thread-safe.
 */
final class GaugeSets implements Collector {
  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final MetricFamilyDescriptor descriptor;

  // discoverer -> label values (in labelNames order) -> value; a stopped discoverer is removed.
  private final Map<String, Map<List<String>, Double>> byDiscoverer = new ConcurrentHashMap<>();

  GaugeSets(String name, String help, List<String> labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = List.copyOf(labelNames);
    this.descriptor =
        MetricFamilyDescriptor.gauge(name)
            .help(help)
            .labelNames(labelNames.toArray(new String[0]))
            .build();
  }

  /** Replaces what {@code discoverer} reports; an empty map withdraws it. */
  void put(String discoverer, Map<io.promsd.relabel.Labels, Double> series) {
    if (series.isEmpty()) {
      byDiscoverer.remove(discoverer);
      return;
    }
    Map<List<String>, Double> values = new LinkedHashMap<>();
    series.forEach((labels, v) -> values.put(labelNames.stream().map(labels::get).toList(), v));
    byDiscoverer.put(discoverer, Map.copyOf(values));
  }

  @Override
  public MetricSnapshot collect() {
    Map<String, GaugeDataPointSnapshot> points = new TreeMap<>();
    for (Map<List<String>, Double> m : byDiscoverer.values()) {
      m.forEach(
          (values, v) -> {
            Labels.Builder b = Labels.builder();
            for (int i = 0; i < labelNames.size(); i++) {
              b.label(labelNames.get(i), values.get(i));
            }
            points.put(
                String.join("\u0000", values),
                GaugeDataPointSnapshot.builder().labels(b.build()).value(v).build());
          });
    }
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    points.values().forEach(b::dataPoint);
    return b.build();
  }

  @Override
  public MetricFamilyDescriptor getMetricFamilyDescriptor() {
    return descriptor;
  }
}
