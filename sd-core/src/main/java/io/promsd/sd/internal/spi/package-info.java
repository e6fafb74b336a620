/**
 * Helpers the HTTP-polling discoverers (http_sd, eureka) share: the Prometheus-exact refresh loop
 * ({@link io.promsd.sd.internal.spi.StrictRefreshDiscoverer}) and the decoding of their common
 * fields ({@link io.promsd.sd.internal.spi.PolledUrlFields}).
 *
 * <p>Internal: not API; it may change in any release.
 */
package io.promsd.sd.internal.spi;
