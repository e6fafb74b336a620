package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discoverer's behaviour through faults, against {@link DnsFake}s on loopback: a name that
 * fails keeps its last group (Prometheus sends nothing for it), NXDOMAIN empties it, the lookup
 * counters, resolv.conf read anew for every lookup, bounded timeouts and prompt cancellation.
 */
class DnsDiscovererTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NAME = "web.svc.test";

  @TempDir Path dir;
  private Path resolv;
  private final List<DnsFake.Query> log = DnsFake.newLog();
  private final List<DnsFake> fakes = new ArrayList<>();
  private final Map<String, InetSocketAddress> servers = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "nameserver 127.0.0.1\n", StandardCharsets.UTF_8);
  }

  @AfterEach
  void tearDown() {
    fakes.forEach(DnsFake::close);
  }

  private DnsFake fake(String address) throws IOException {
    DnsFake f = new DnsFake(address, 0, Map.of(), log);
    fakes.add(f);
    servers.put(address, f.address());
    return f;
  }

  private DnsLookup lookup(Duration timeout) {
    return new DnsLookup(resolv, servers::get, timeout);
  }

  private static DnsSdConfig aConfig(String... names) {
    return new DnsSdConfig(List.of(names), "A", 80, Duration.ofSeconds(30), Compat.PROMETHEUS_3);
  }

  private static List<String> addresses(TargetGroup g) {
    return g.targets().stream().map(t -> t.get("__address__")).toList();
  }

  @Test
  void aFailingNameKeepsItsLastGroupAndRecovers() throws Exception {
    DnsFake f = fake("127.0.0.1");
    f.set(NAME, DnsFake.records(DnsFake.a("10.0.0.1")));
    DnsDiscoverer d = new DnsDiscoverer(aConfig(NAME), lookup(DnsClient.DEFAULT_TIMEOUT));
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(addresses(ctx.state().get(NAME))).containsExactly("10.0.0.1:80");

      f.set(NAME, DnsFake.rcode("SERVFAIL"));
      ctx.refreshNow(WAIT);
      assertThat(ctx.updates().get(1)).isEmpty(); // nothing sent for the failed name
      assertThat(addresses(ctx.state().get(NAME))).containsExactly("10.0.0.1:80");
      assertThat(ctx.errorMessages())
          .containsExactly(
              "Error refreshing DNS targets: could not resolve \"web.svc.test\": all servers"
                  + " responded with errors to at least one search domain");

      f.set(NAME, DnsFake.records(DnsFake.a("10.0.0.2")));
      ctx.refreshNow(WAIT);
      assertThat(addresses(ctx.state().get(NAME))).containsExactly("10.0.0.2:80");
      assertThat(ctx.errorMessages()).hasSize(1);
    }
  }

  @Test
  void nxdomainEmptiesTheGroup() throws Exception {
    DnsFake f = fake("127.0.0.1");
    f.set(NAME, DnsFake.records(DnsFake.a("10.0.0.1")));
    DnsDiscoverer d = new DnsDiscoverer(aConfig(NAME), lookup(DnsClient.DEFAULT_TIMEOUT));
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      f.set(NAME, null);
      ctx.refreshNow(WAIT);
      assertThat(ctx.state().get(NAME).targets()).isEmpty();
      assertThat(ctx.errorMessages()).isEmpty();
    }
  }

  @Test
  void garbageAndTimeoutsAreFailuresThatKeepTheLastGroup() throws Exception {
    DnsFake f = fake("127.0.0.1");
    f.set(NAME, DnsFake.records(DnsFake.a("10.0.0.1")));
    DnsDiscoverer d = new DnsDiscoverer(aConfig(NAME), lookup(Duration.ofMillis(300)));
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      for (String fault : List.of("garbage", "short", "timeout", "wrong_id")) {
        f.set(NAME, DnsFake.fault(fault));
        long start = System.nanoTime();
        ctx.refreshNow(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(addresses(ctx.state().get(NAME))).as(fault).containsExactly("10.0.0.1:80");
      }
      assertThat(ctx.errorMessages()).hasSize(4);
    }
  }

  @Test
  void countsLookupsAndFailures() throws Exception {
    DnsFake f = fake("127.0.0.1");
    f.set(NAME, DnsFake.records(DnsFake.a("10.0.0.1")));
    f.set("bad.svc.test", DnsFake.rcode("REFUSED"));
    DnsDiscoverer d =
        new DnsDiscoverer(
            aConfig(NAME, "bad.svc.test", "missing.svc.test"), lookup(DnsClient.DEFAULT_TIMEOUT));
    CountingContext ctx = new CountingContext();
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<String> faults = new ArrayList<>();
      List<TargetGroup> groups = d.refresh(ctx, pool, faults);
      assertThat(groups).extracting(TargetGroup::source).containsExactly(NAME, "missing.svc.test");
      assertThat(faults).hasSize(1);
      d.refresh(ctx, pool, faults);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ctx.counts)
        .containsEntry(DnsDiscoverer.LOOKUPS, 6.0)
        .containsEntry(DnsDiscoverer.FAILURES, 2.0);
  }

  @Test
  void resolvConfIsReadForEveryLookup() throws Exception {
    fake("127.0.0.1").set(NAME, DnsFake.records(DnsFake.a("10.0.0.1")));
    fake("127.0.0.2").set(NAME, DnsFake.records(DnsFake.a("10.0.0.2")));
    DnsDiscoverer d = new DnsDiscoverer(aConfig(NAME), lookup(DnsClient.DEFAULT_TIMEOUT));
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(addresses(ctx.state().get(NAME))).containsExactly("10.0.0.1:80");
      Files.writeString(resolv, "nameserver 127.0.0.2\n", StandardCharsets.UTF_8);
      ctx.refreshNow(WAIT);
      assertThat(addresses(ctx.state().get(NAME))).containsExactly("10.0.0.2:80");
    }
  }

  @Test
  void cancellationStopsAPendingLookupPromptly() throws Exception {
    fake("127.0.0.1").set(NAME, DnsFake.fault("timeout"));
    // Three servers that never answer: 30 s of lookups if nothing stopped them.
    Files.writeString(
        resolv,
        "nameserver 127.0.0.1\n".repeat(3) + "search a.test b.test\n",
        StandardCharsets.UTF_8);
    DnsDiscoverer d = new DnsDiscoverer(aConfig(NAME), lookup(Duration.ofSeconds(10)));
    RecordingContext ctx = RecordingContext.ticked().start(d);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (log.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(log).isNotEmpty();
    long start = System.nanoTime();
    ctx.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(ctx.ended()).isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("promsd-dns-lookup") && t.isAlive());
  }

  /** Records the mechanism's counters; everything else is a no-op. */
  private static final class CountingContext implements DiscoveryContext {
    final Map<String, Double> counts = new ConcurrentHashMap<>();

    @Override
    public void count(String metric, Labels labels, double delta) {
      assertThat(labels).isEqualTo(Labels.empty());
      counts.merge(metric, delta, Double::sum);
    }

    @Override
    public void update(List<TargetGroup> groups) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void sleep(Duration d) {}

    @Override
    public void reportError(String message, Throwable cause) {}

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public String providerName() {
      return "dns/0";
    }
  }
}
