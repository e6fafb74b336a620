package io.promsd.sd.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code prometheus_sd_file_mtime_seconds{filename}}: the modification time of every file the
 * running file discoverers read, one series per file even when several discoverers read it
 * (Prometheus's {@code TimestampCollector} in {@code discovery/file/file.go}). Thread-safe.
 */
final class FileTimestamps implements Collector {
  static final String NAME = "prometheus_sd_file_mtime_seconds";
  private static final String HELP =
      "Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.";
  private static final MetricFamilyDescriptor DESCRIPTOR =
      MetricFamilyDescriptor.gauge(NAME).help(HELP).labelNames("filename").build();

  // discoverer -> file -> mtime; a discoverer that stops reports an empty map.
  private final Map<String, Map<String, Instant>> byDiscoverer = new ConcurrentHashMap<>();

  void put(String discoverer, Map<String, Instant> mtimes) {
    if (mtimes.isEmpty()) {
      byDiscoverer.remove(discoverer);
    } else {
      byDiscoverer.put(discoverer, Map.copyOf(mtimes));
    }
  }

  @Override
  public MetricSnapshot collect() {
    Map<String, Instant> files = new TreeMap<>();
    for (Map<String, Instant> m : byDiscoverer.values()) {
      files.putAll(m);
    }
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(NAME).help(HELP);
    for (Map.Entry<String, Instant> e : files.entrySet()) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("filename", e.getKey()))
              .value(e.getValue().getEpochSecond())
              .build());
    }
    return b.build();
  }

  @Override
  public MetricFamilyDescriptor getMetricFamilyDescriptor() {
    return DESCRIPTOR;
  }
}
