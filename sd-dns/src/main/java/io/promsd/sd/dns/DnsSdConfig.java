package io.promsd.sd.dns;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code dns_sd_configs} (Prometheus's {@code SDConfig} in {@code
 * discovery/dns/dns.go}), parsed and validated by {@link DnsDiscovererFactory}.
 *
 * <p>Immutable; equal configs discover the same targets.
 *
 * @param names the names to look up, as written (each is also its group's source and {@code
 *     __meta_dns_name})
 * @param type the record type, upper-cased: {@code SRV} (default), {@code A}, {@code AAAA}, {@code
 *     MX}, or {@code NS} (3.x only)
 * @param port the port of A, AAAA, MX and NS targets; Go's {@code int}, kept as written; ignored
 *     for SRV
 * @param refreshInterval the time between two lookups of every name (default 30s)
 * @param compat which Prometheus to behave like (NS and its label exist only in 3.x)
 */
public record DnsSdConfig(
    List<String> names, String type, long port, Duration refreshInterval, Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for DNS discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** Checks and copies. */
  public DnsSdConfig {
    names = List.copyOf(names);
    requireNonNull(type, "type");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(compat, "compat");
  }

  /** {@code dns}. */
  @Override
  public String mechanism() {
    return "dns";
  }

  /** A discoverer for this config that reads {@code /etc/resolv.conf} and asks port 53. */
  @Override
  public Discoverer newDiscoverer() {
    return new DnsDiscoverer(this, DnsLookup.system());
  }
}
