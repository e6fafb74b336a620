package io.promsd.sd.dns;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The benchmarks' door into sd-dns's package-private lookup and target building (the bench module
 * shares the package; nothing here is part of sd-dns's API).
 */
public final class DnsBenchAccess {
  private final DnsDiscoverer discoverer;
  private final DnsLookup lookup;
  private final String type;

  private DnsBenchAccess(DnsDiscoverer discoverer, DnsLookup lookup, String type) {
    this.discoverer = discoverer;
    this.lookup = lookup;
    this.type = type;
  }

  /**
   * A discoverer for {@code names} of {@code type} that reads {@code resolvConf} and asks {@code
   * server} for every nameserver.
   */
  public static DnsBenchAccess discoverer(
      List<String> names, String type, long port, Path resolvConf, InetSocketAddress server) {
    DnsLookup lookup = new DnsLookup(resolvConf, s -> server, DnsClient.DEFAULT_TIMEOUT);
    DnsSdConfig cfg =
        new DnsSdConfig(names, type, port, Duration.ofSeconds(30), Compat.PROMETHEUS_3);
    return new DnsBenchAccess(new DnsDiscoverer(cfg, lookup), lookup, type);
  }

  /** One refresh of every name, as the discoverer's loop runs it. */
  public List<TargetGroup> refresh(DiscoveryContext ctx, ExecutorService pool)
      throws InterruptedException {
    List<String> faults = new ArrayList<>();
    List<TargetGroup> groups = discoverer.refresh(ctx, pool, faults);
    if (!faults.isEmpty()) {
      throw new IllegalStateException(faults.toString());
    }
    return groups;
  }

  /** One name's lookup (resolv.conf, the exchange, the TCP retry) and its group. */
  public TargetGroup lookupAndBuild(String name) throws Exception {
    List<Record> answer = lookup.lookup(name, org.xbill.DNS.Type.value(type));
    return discoverer.group(name, answer);
  }

  /** Parsing a prepared answer and building its group, without the network. */
  public TargetGroup parseAndBuild(String name, byte[] wire) throws Exception {
    Message m = new Message(wire);
    return discoverer.group(name, m.getSection(Section.ANSWER));
  }
}
