package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ec2_sd_configs} entries into {@link Ec2SdConfig}s, with the validation and the
 * error texts of Prometheus's {@code EC2SDConfig.UnmarshalYAML} ({@code discovery/aws/ec2.go}).
 * Registered for {@link java.util.ServiceLoader}.
 *
 * <p>Under {@link Compat#PROMETHEUS_2} a config without a region asks the EC2 instance-metadata
 * service at load time, as 2.42 did, and fails off AWS with {@code EC2 SD configuration requires a
 * region}; {@code external_id} is unknown there. Under {@link Compat#PROMETHEUS_3} the region is
 * resolved when discovery starts.
 *
 * <p>Thread-safe and stateless.
 */
public final class Ec2DiscovererFactory implements DiscovererFactory {
  private final RegionResolver regions;

  /** The factory {@link java.util.ServiceLoader} creates. */
  public Ec2DiscovererFactory() {
    this(RegionResolver.system());
  }

  Ec2DiscovererFactory(RegionResolver regions) {
    this.regions = regions;
  }

  /** {@code ec2_sd_configs}. */
  @Override
  public String configKey() {
    return "ec2_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    return parseEc2(source);
  }

  /** As {@link #parse}, typed. */
  Ec2SdConfig parseEc2(SdConfigSource source) {
    Compat compat = source.compat();
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    // Go: type plain EC2SDConfig, in package aws.
    Fields f = d.struct(source.node(), "aws.plain");

    String endpoint = d.string(f.take("endpoint"));
    String region = d.string(f.take("region"));
    String accessKey = d.string(f.take("access_key"));
    Secret secretKey = secret(d, f.take("secret_key"));
    String profile = d.string(f.take("profile"));
    String roleArn = d.string(f.take("role_arn"));
    String externalId = compat == Compat.PROMETHEUS_3 ? d.string(f.take("external_id")) : "";
    Duration refresh = duration(d, f, "refresh_interval", compat);
    int port = port(d, f);
    List<Ec2SdConfig.Filter> filters = filters(d, f.take("filters"), compat);
    HttpClientConfig http = HttpClientConfig.decodeInline(f, source.configDir(), compat);
    f.finish();

    if (!d.typeErrorsSince(mark)) {
      if (compat == Compat.PROMETHEUS_2 && region.isEmpty()) {
        // 2.42 asks the instance-metadata service while loading the config.
        region = regions.instanceMetadataRegion();
        if (region == null || region.isEmpty()) {
          throw d.error(source.node(), "EC2 SD configuration requires a region");
        }
      }
      for (Ec2SdConfig.Filter filter : filters) {
        if (filter.values().isEmpty()) {
          throw d.error(source.node(), "EC2 SD configuration filter values cannot be empty");
        }
      }
      if (compat == Compat.PROMETHEUS_3) {
        // 3.x: return c.HTTPClientConfig.Validate(); 2.42 did not validate it here.
        try {
          http = http.validate();
        } catch (ConfigException e) {
          throw d.error(source.node(), e.reason());
        }
      }
    }
    return new Ec2SdConfig(
        region,
        endpoint,
        accessKey,
        secretKey,
        profile,
        roleArn,
        externalId,
        refresh,
        port,
        filters,
        http,
        compat);
  }

  private static Secret secret(Decoder d, Node n) {
    return Secret.decode(d, n);
  }

  private static Duration duration(Decoder d, Fields f, String name, Compat compat) {
    return PromDuration.decode(d, f.take(name), compat, Ec2SdConfig.DEFAULT_REFRESH_INTERVAL);
  }

  private static int port(Decoder d, Fields f) {
    if (!f.has("port")) {
      f.take("port");
      return Ec2SdConfig.DEFAULT_PORT;
    }
    Node n = f.take("port");
    // Go's int has 64 bits; a port outside int's range is as useless as any other bad port.
    return (int) d.int64(n, 0, "int");
  }

  private static List<Ec2SdConfig.Filter> filters(Decoder d, Node n, Compat compat) {
    // 2.42 names the type EC2Filter, 3.x Filter.
    String itemType = compat == Compat.PROMETHEUS_2 ? "aws.EC2Filter" : "aws.Filter";
    List<Node> items = d.sequence(n, "[]*" + itemType);
    if (items == null) {
      return List.of();
    }
    List<Ec2SdConfig.Filter> out = new ArrayList<>(items.size());
    for (Node item : items) {
      Fields ff = d.struct(item, itemType);
      String name = d.string(ff.take("name"));
      List<String> values = d.stringList(ff.take("values"), "[]string", "string");
      ff.finish();
      out.add(new Ec2SdConfig.Filter(name, values == null ? List.of() : values));
    }
    return out;
  }
}
