/**
 * Loading prometheus.yml the way Prometheus loads it: {@link io.promsd.sd.config.ConfigLoader}
 * gives a validated {@link io.promsd.sd.config.PrometheusConfig} whose {@link
 * io.promsd.sd.config.ScrapeConfig}s carry the global defaults, their relabel rules and their SD
 * configs, with Prometheus's error texts for what it rejects.
 */
package io.promsd.sd.config;
