/**
 * {@code promsd serve}: a {@link io.promsd.sd.DiscoveryManager} kept running behind Prometheus's
 * targets API, an http_sd endpoint per job (sharded with {@code hashmod}), pages, and metrics.
 * {@link io.promsd.serve.DiscoveryServer} is the whole public surface.
 */
package io.promsd.serve;
