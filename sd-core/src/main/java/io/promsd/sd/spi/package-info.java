/**
 * The discoverer SPI: how a service discovery mechanism plugs into promsd.
 *
 * <p>A mechanism module provides a {@link io.promsd.sd.spi.DiscovererFactory} (registered for
 * {@link java.util.ServiceLoader}) that parses its {@code <mechanism>_sd_configs} entries into
 * {@link io.promsd.sd.spi.SdConfig} records; each config creates a {@link
 * io.promsd.sd.spi.Discoverer} that pushes {@link io.promsd.sd.spi.TargetGroup}s through a {@link
 * io.promsd.sd.spi.DiscoveryContext}. The contract follows Prometheus's {@code
 * discovery/discovery.go}.
 */
package io.promsd.sd.spi;
