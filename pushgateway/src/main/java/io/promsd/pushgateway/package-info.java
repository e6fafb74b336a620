/**
 * A Prometheus Pushgateway for the JVM: {@link io.promsd.pushgateway.Pushgateway} serves the
 * routes, request bodies (text format 0.0.4, delimited protobuf, gzip), consistency check and
 * {@code /metrics} of Pushgateway 1.5.1, keeps its groups in a crash-safe persistence file, and
 * adds expiry and limits.
 */
package io.promsd.pushgateway;
