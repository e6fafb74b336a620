/**
 * Consul service discovery ({@code consul_sd_configs}), following Prometheus's {@code
 * discovery/consul/consul.go}: blocking queries against the catalog and health APIs, one watcher
 * per service, the same request shapes and the same {@code __meta_consul_*} labels.
 *
 * <p>Embedders only meet {@link io.promsd.sd.consul.ConsulSdConfig} (the parsed config) and {@link
 * io.promsd.sd.consul.ConsulDiscovererFactory} (found by {@link java.util.ServiceLoader}); the
 * client, the watchers and the wire format stay package-private.
 */
package io.promsd.sd.consul;
