/**
 * Prometheus's service discovery metrics ({@code prometheus_sd_*}) for {@link
 * io.promsd.sd.DiscoveryManager}, through client_java 1.x. Optional: the manager reports through
 * {@link io.promsd.sd.DiscoveryMetrics}, and only embedders who want these metrics depend on this
 * module (and so on client_java); start with {@link io.promsd.sd.metrics.SdMetrics}.
 */
package io.promsd.sd.metrics;
