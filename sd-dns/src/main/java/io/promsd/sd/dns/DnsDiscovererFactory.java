package io.promsd.sd.dns;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@code dns_sd_configs} entries into {@link DnsSdConfig}s with the validation and the
 * messages of Prometheus's {@code SDConfig.UnmarshalYAML} ({@code discovery/dns/dns.go}): {@code
 * DNS-SD config must contain at least one SRV record name}, {@code a port is required in DNS-SD
 * configs for all record types except SRV}, {@code invalid DNS-SD records type X}. {@code NS} is
 * accepted under {@code --compat=3} only (since 2.49). Registered for {@link
 * java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class DnsDiscovererFactory implements DiscovererFactory {
  /** The Go type yaml.v2 names in unknown-field errors. */
  private static final String PLAIN = "dns.plain";

  /** For {@link java.util.ServiceLoader}. */
  public DnsDiscovererFactory() {}

  /** {@code dns_sd_configs}. */
  @Override
  public String configKey() {
    return "dns_sd_configs";
  }

  /**
   * Parses and validates one entry.
   *
   * @throws io.promsd.relabel.ConfigException with Prometheus's message
   */
  @Override
  public DnsSdConfig parse(SdConfigSource source) {
    Decoder d = source.decoder();
    Compat compat = source.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), PLAIN);
    List<String> names = null;
    Duration refresh = DnsSdConfig.DEFAULT_REFRESH_INTERVAL;
    String type = "SRV";
    long port = 0;
    // yaml.v2 sets a present null to the zero value, never back to the default.
    for (String key : f.remaining()) {
      switch (key) {
        case "names" -> names = d.stringList(f.take(key), "[]string", "string");
        case "refresh_interval" -> refresh = PromDuration.decode(d, f.take(key), compat, refresh);
        case "type" -> type = d.string(f.take(key));
        case "port" -> port = d.int64(f.take(key), 0, "int");
        default -> {} // left for finish(): field X not found in type dns.plain
      }
    }
    f.finish();
    String upper = GoText.toUpper(type);
    if (!d.typeErrorsSince(mark)) {
      if (names == null || names.isEmpty()) {
        throw d.error(source.node(), "DNS-SD config must contain at least one SRV record name");
      }
      switch (upper) {
        case "SRV" -> {}
        case "A", "AAAA", "MX" -> requirePort(d, source, port);
        case "NS" -> {
          if (compat == Compat.PROMETHEUS_2) {
            throw invalidType(d, source, type);
          }
          requirePort(d, source, port);
        }
        default -> throw invalidType(d, source, type);
      }
    }
    return new DnsSdConfig(names == null ? List.of() : names, upper, port, refresh, compat);
  }

  private static void requirePort(Decoder d, SdConfigSource source, long port) {
    if (port == 0) {
      throw d.error(
          source.node(), "a port is required in DNS-SD configs for all record types except SRV");
    }
  }

  private static RuntimeException invalidType(Decoder d, SdConfigSource source, String type) {
    return d.error(source.node(), "invalid DNS-SD records type " + type);
  }
}
