/**
 * {@code eureka_sd_configs}: the instances registered in a Netflix Eureka server, as Prometheus's
 * {@code discovery/eureka} reads them (the XML {@code /apps} document). The public surface is
 * {@link io.promsd.sd.eureka.EurekaSdConfig} and {@link
 * io.promsd.sd.eureka.EurekaDiscovererFactory}, found by {@link java.util.ServiceLoader}; the rest
 * is package-private.
 */
package io.promsd.sd.eureka;
