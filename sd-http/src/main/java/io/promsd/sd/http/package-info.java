/**
 * {@code http_sd_configs}: target groups read from an HTTP endpoint, as Prometheus's {@code
 * discovery/http} reads them. The public surface is {@link io.promsd.sd.http.HttpSdConfig} and
 * {@link io.promsd.sd.http.HttpDiscovererFactory}, found by {@link java.util.ServiceLoader}; the
 * discoverer itself is package-private.
 */
package io.promsd.sd.http;
