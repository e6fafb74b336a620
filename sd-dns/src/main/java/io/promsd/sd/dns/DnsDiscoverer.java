package io.promsd.sd.dns;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Prometheus's DNS discovery ({@code discovery/dns/dns.go} {@code refresh}, {@code refreshOne}):
 * every refresh interval each name is looked up (all names at once); a name that resolves sends its
 * group (source = the name, one target per usable answer record), a name that fails sends nothing,
 * so its previous group stays, and is reported. Lookups and failures are counted as {@code
 * prometheus_sd_dns_lookups_total} and {@code prometheus_sd_dns_lookup_failures_total}. The refresh
 * itself never fails, so its timing is Prometheus's fixed interval, with no backoff.
 */
final class DnsDiscoverer implements Discoverer {
  private static final Logger log = LoggerFactory.getLogger(DnsDiscoverer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  static final String LOOKUPS = "prometheus_sd_dns_lookups_total";
  static final String FAILURES = "prometheus_sd_dns_lookup_failures_total";

  /** What Prometheus logs with a name's lookup error. */
  static final String FAULT_PREFIX = "Error refreshing DNS targets: ";

  static final String NAME_LABEL = "__meta_dns_name";
  static final String SRV_TARGET_LABEL = "__meta_dns_srv_record_target";
  static final String SRV_PORT_LABEL = "__meta_dns_srv_record_port";
  static final String MX_TARGET_LABEL = "__meta_dns_mx_record_target";
  static final String NS_TARGET_LABEL = "__meta_dns_ns_record_target";

  private final DnsSdConfig config;
  private final DnsLookup lookup;
  private final int qtype;

  DnsDiscoverer(DnsSdConfig config, DnsLookup lookup) {
    this.config = config;
    this.lookup = lookup;
    this.qtype =
        switch (config.type()) {
          case "A" -> Type.A;
          case "AAAA" -> Type.AAAA;
          case "MX" -> Type.MX;
          case "NS" -> Type.NS;
          default -> Type.SRV;
        };
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-dns-lookup-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      while (!ctx.isCancelled()) {
        long start = System.nanoTime();
        List<String> faults = new ArrayList<>();
        List<TargetGroup> groups = refresh(ctx, pool, faults);
        if (ctx.isCancelled()) {
          return;
        }
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), false);
        ctx.update(groups, faults);
        if (config.refreshInterval().isZero()) {
          // Prometheus's refresh loop panics here (time.NewTicker(0), discovery/refresh); promsd
          // keeps the first answer and never asks again.
          log.warn(
              "refresh_interval is 0: DNS names are looked up once provider={}",
              ctx.providerName());
          while (!ctx.isCancelled()) {
            ctx.sleep(Duration.ofHours(1));
          }
          return;
        }
        ctx.sleep(config.refreshInterval());
      }
    } finally {
      pool.shutdownNow();
      // Interrupted lookups close their sockets at once; wait for them so no thread outlives run.
      try {
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("DNS lookups still running after cancellation provider={}", ctx.providerName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One refresh: the groups of the names that resolved; the others' faults in {@code faults}. */
  List<TargetGroup> refresh(DiscoveryContext ctx, ExecutorService pool, List<String> faults)
      throws InterruptedException {
    List<String> names = config.names();
    List<Future<TargetGroup>> futures = new ArrayList<>(names.size());
    for (String name : names) {
      futures.add(pool.submit(() -> refreshOne(ctx, name)));
    }
    List<TargetGroup> groups = new ArrayList<>(names.size());
    for (Future<TargetGroup> f : futures) {
      try {
        groups.add(f.get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        faults.add(FAULT_PREFIX + cause.getMessage());
      } catch (InterruptedException e) {
        for (Future<TargetGroup> other : futures) {
          other.cancel(true);
        }
        throw e;
      }
    }
    return groups;
  }

  private TargetGroup refreshOne(DiscoveryContext ctx, String name)
      throws DnsLookup.LookupException {
    List<Record> answer;
    try {
      answer = lookup.lookup(name, qtype);
    } catch (DnsLookup.LookupException e) {
      ctx.count(LOOKUPS, Labels.empty(), 1);
      ctx.count(FAILURES, Labels.empty(), 1);
      throw e;
    }
    ctx.count(LOOKUPS, Labels.empty(), 1);
    return group(name, answer);
  }

  /** The group of one answer, as {@code refreshOne} builds it. */
  TargetGroup group(String name, List<Record> answer) {
    List<Labels> targets = new ArrayList<>(answer.size());
    for (Record r : answer) {
      String target;
      String srvTarget = "";
      String srvPort = "";
      String mxTarget = "";
      String nsTarget = "";
      if (r instanceof SRVRecord srv) {
        srvTarget = DnsText.name(srv.getTarget());
        srvPort = Integer.toString(srv.getPort());
        target = hostPort(trimDots(srvTarget), srv.getPort());
      } else if (r instanceof MXRecord mx) {
        mxTarget = DnsText.name(mx.getTarget());
        target = hostPort(trimDots(mxTarget), config.port());
      } else if (r instanceof NSRecord ns && config.compat() == Compat.PROMETHEUS_3) {
        nsTarget = DnsText.name(ns.getTarget());
        target = hostPort(trimDots(nsTarget), config.port());
      } else if (r instanceof ARecord a) {
        target = hostPort(GoAddr.ip(a.getAddress().getAddress()), config.port());
      } else if (r instanceof AAAARecord aaaa) {
        target = hostPort(GoAddr.ip(aaaaBytes(aaaa)), config.port());
      } else if (r instanceof CNAMERecord) {
        continue; // CNAMEs come with A queries; their targets' records follow
      } else {
        log.warn("Invalid record record={}", DnsText.record(r));
        continue;
      }
      Labels.Builder b = Labels.builder().set("__address__", target).set(NAME_LABEL, name);
      if (!srvTarget.isEmpty()) {
        b.set(SRV_TARGET_LABEL, srvTarget);
      }
      if (!srvPort.isEmpty()) {
        b.set(SRV_PORT_LABEL, srvPort);
      }
      if (!mxTarget.isEmpty()) {
        b.set(MX_TARGET_LABEL, mxTarget);
      }
      if (!nsTarget.isEmpty()) {
        b.set(NS_TARGET_LABEL, nsTarget);
      }
      targets.add(b.build());
    }
    return new TargetGroup(name, Labels.empty(), targets);
  }

  private static byte[] aaaaBytes(AAAARecord r) {
    // dnsjava hands IPv4-mapped addresses back as 4 bytes; Go prints them dotted too.
    return r.getAddress().getAddress();
  }

  private static String hostPort(String host, long port) {
    return GoNet.joinHostPort(host, Long.toString(port));
  }

  /** {@code strings.TrimRight(s, ".")}. */
  private static String trimDots(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }
}
