package io.promsd.pushgateway;

/** The metric types of client_model's {@code metrics.proto}, numbered as there. */
enum MetricType {
  COUNTER,
  GAUGE,
  SUMMARY,
  UNTYPED,
  HISTOGRAM;

  /** The type of a protobuf enum number, or null for a number this version does not know. */
  static MetricType ofNumber(int n) {
    return n >= 0 && n < 5 ? values()[n] : null;
  }
}
