/**
 * Prometheus relabeling, exact to Prometheus 2.42 ({@link io.promsd.relabel.Compat#PROMETHEUS_2})
 * and current 3.x ({@link io.promsd.relabel.Compat#PROMETHEUS_3}): {@link io.promsd.relabel.Labels}
 * (immutable, sorted by UTF-8 bytes), {@link io.promsd.relabel.RelabelConfig} (rules as parsed from
 * YAML or JSON, with Prometheus's defaults and validation) and {@link io.promsd.relabel.Relabeler}
 * (compiled rules: {@code process}, {@code apply}, {@code trace}). Knows nothing of discovery;
 * depends on re2j and SnakeYAML only.
 */
package io.promsd.relabel;
