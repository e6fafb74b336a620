package io.promsd.pushgateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric family as client_model's {@code MetricFamily} holds it: a name, an optional help text, a
 * type and its metrics. Mutable while a push is parsed and sanitised, never changed once stored.
 * Strings are Java strings in which a byte that is not UTF-8 is kept as U+DC80 + the byte (see
 * {@link Utf8}).
 */
final class Family {
  String name;

  /** Null when the push carried none. */
  String help;

  /** Null only while a text push has seen neither a TYPE line nor a sample. */
  MetricType type;

  final List<Metric> metrics;

  Family(String name, String help, MetricType type, List<Metric> metrics) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.metrics = metrics;
  }

  Family(String name) {
    this(name, null, null, new ArrayList<>());
  }

  /** The type as {@code GetType()} gives it: COUNTER when unset. */
  MetricType typeOrDefault() {
    return type == null ? MetricType.COUNTER : type;
  }

  /** A shallow copy with its own metric list (as the store's {@code copyMetricFamily}). */
  Family copy() {
    return new Family(name, help, type, new ArrayList<>(metrics));
  }

  /** One sample set of a family: labels and the value of its type. */
  static final class Metric {
    /** Label names and values, alternating. */
    String[] labels;

    Double gauge;
    Double counter;

    /** A counter's exemplar as its raw protobuf bytes, re-exposed on protobuf scrapes only. */
    byte[] counterExemplar;

    Double untyped;
    Summary summary;
    Histogram histogram;
    Long timestampMs;

    /** Raw protobuf bytes of fields this reader does not interpret, re-exposed on protobuf. */
    byte[] unknown;

    Metric(String[] labels) {
      this.labels = labels;
    }

    int labelCount() {
      return labels.length / 2;
    }

    String labelName(int i) {
      return labels[2 * i];
    }

    String labelValue(int i) {
      return labels[2 * i + 1];
    }

    /** The value of a gauge, counter or untyped metric as the API shows it (api.go getValue). */
    double simpleValue() {
      if (gauge != null) {
        return gauge;
      }
      if (counter != null) {
        return counter;
      }
      if (untyped != null) {
        return untyped;
      }
      return 0;
    }
  }

  /** A summary: count and sum (each maybe unset) and quantiles. */
  static final class Summary {
    Long sampleCount;
    Double sampleSum;
    final List<double[]> quantiles = new ArrayList<>();

    /** Fields this reader does not interpret (created timestamps and such), kept raw. */
    byte[] unknown;
  }

  /** A classic histogram: count and sum (each maybe unset) and cumulative buckets. */
  static final class Histogram {
    Long sampleCount;
    Double sampleSum;

    /** Upper bound and cumulative count (an unsigned 64-bit integer) per bucket. */
    final List<Bucket> buckets = new ArrayList<>();

    /** Native-histogram and other fields this reader does not interpret, kept raw. */
    byte[] unknown;
  }

  /** One bucket of a histogram; fields are null when unset. */
  static final class Bucket {
    Long cumulativeCount;
    Double upperBound;
    byte[] unknown;
  }
}
