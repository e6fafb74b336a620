package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the cases recorded from promtool 2.42 ({@code testdata/dns/promtool-2.42/}) under {@code
 * --compat=2} and the 3.x cases written from the source ({@code testdata/dns/prometheus-3/}) under
 * {@code --compat=3}. A discovery case starts {@link DnsFake}s with the recorded zones on loopback
 * (ephemeral ports: each {@code nameserver} of the case's resolv.conf is mapped to its fake's
 * port), writes the case's resolv.conf to a scratch file, loads the same config through the real
 * loader, runs one refresh of the real discoverer and compares the targets with what promtool
 * printed, the errors it logged, and the queries the fakes received (in order for one name; as a
 * multiset for several, which Prometheus looks up concurrently). A config case compares {@code
 * check config}'s verdict and message.
 */
class DnsConformanceTest {
  // Added by promtool's PopulateLabels (scrape/target.go), not by the discoverer.
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  @TestFactory
  Stream<DynamicTest> promtool242Discovery() {
    return discovery("promtool-2.42/discovery.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3Discovery() {
    return discovery("prometheus-3/discovery.yaml", Compat.PROMETHEUS_3);
  }

  @TestFactory
  Stream<DynamicTest> promtool242Config() {
    return config("promtool-2.42/config.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3Config() {
    return config("prometheus-3/config.yaml", Compat.PROMETHEUS_3);
  }

  private static Stream<DynamicTest> discovery(String file, Compat compat) {
    Map<String, Node> top = SdFixtures.map(SdFixtures.yaml(DnsFixtures.dns().resolve(file)));
    List<Map<String, Node>> cases = new ArrayList<>();
    if (top.containsKey("same_as_2_42")) {
      Map<String, Map<String, Node>> recorded = new LinkedHashMap<>();
      for (Node n :
          SdFixtures.map(SdFixtures.yaml(DnsFixtures.dns().resolve("promtool-2.42/discovery.yaml")))
              .get("cases")
              .items()) {
        recorded.put(SdFixtures.map(n).get("name").text(), SdFixtures.map(n));
      }
      Node same = top.get("same_as_2_42");
      if (same.kind() == Node.Kind.SCALAR && same.text().equals("all")) {
        Node except = top.get("same_as_2_42_except");
        if (except != null) {
          for (Node e : except.items()) {
            assertThat(recorded.remove(e.text())).as("recorded case %s", e.text()).isNotNull();
          }
        }
        cases.addAll(recorded.values());
      } else {
        for (Node s : same.items()) {
          assertThat(recorded).containsKey(s.text());
          cases.add(recorded.get(s.text()));
        }
      }
    }
    for (Node n : top.get("cases").items()) {
      Map<String, Node> f = SdFixtures.map(n);
      assertThat(file.startsWith("prometheus-3/") ? f.get("source") : n)
          .as("source of %s", f.get("name").text())
          .isNotNull();
      cases.add(f);
    }
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    file + ":" + c.get("name").text(), () -> run(c, compat, false)));
  }

  /** The recorded 2.42 discovery cases, for {@link DnsSystemResolverE2eTest}'s child. */
  static List<Map<String, Node>> recordedCases() {
    List<Map<String, Node>> out = new ArrayList<>();
    for (Node n :
        SdFixtures.map(SdFixtures.yaml(DnsFixtures.dns().resolve("promtool-2.42/discovery.yaml")))
            .get("cases")
            .items()) {
      out.add(SdFixtures.map(n));
    }
    return out;
  }

  /**
   * Replays one case. With {@code system}, as Prometheus runs (inside a private network and mount
   * namespace): the fakes listen on port 53 of their addresses, the case's resolv.conf is written
   * to the real {@code /etc/resolv.conf}, and the discoverer is the one {@link
   * DnsSdConfig#newDiscoverer()} builds.
   */
  static void run(Map<String, Node> c, Compat compat, boolean system) throws Exception {
    List<DnsFake.Query> log = DnsFake.newLog();
    List<DnsFake> fakes = new ArrayList<>();
    Path dir = system ? null : Files.createTempDirectory("dnssd");
    Path resolv = system ? DnsLookup.RESOLV_CONF : dir.resolve("resolv.conf");
    int fakePort = system ? 53 : 0;
    try {
      Map<String, InetSocketAddress> ports = new HashMap<>();
      if (c.containsKey("servers")) {
        for (Node s : c.get("servers").items()) {
          Map<String, Node> sf = SdFixtures.map(s);
          DnsFake fake =
              new DnsFake(sf.get("address").text(), fakePort, DnsFake.zone(sf.get("zone")), log);
          fakes.add(fake);
          ports.put(sf.get("address").text(), fake.address());
        }
      } else {
        DnsFake fake = new DnsFake("127.0.0.1", fakePort, DnsFake.zone(c.get("zone")), log);
        fakes.add(fake);
        ports.put("127.0.0.1", fake.address());
      }
      Node conf = c.get("resolv_conf");
      if (conf == null) {
        Files.writeString(resolv, "nameserver 127.0.0.1\n", StandardCharsets.UTF_8);
      } else if (!conf.isNull()) {
        Files.writeString(resolv, conf.text(), StandardCharsets.UTF_8);
      } // null: no file, as record.py's tmpfs over /etc
      int closed = closedPort();
      DnsLookup lookup =
          new DnsLookup(
              resolv,
              server -> ports.getOrDefault(server, new InetSocketAddress(address(server), closed)),
              DnsClient.DEFAULT_TIMEOUT);
      DnsSdConfig cfg =
          (DnsSdConfig)
              DnsFixtures.load(SdFixtures.prometheusYml("dns", c.get("sd_configs").text()), compat)
                  .get(0);
      List<TargetGroup> groups;
      List<String> errors;
      Discoverer discoverer = system ? cfg.newDiscoverer() : new DnsDiscoverer(cfg, lookup);
      CapturedLogs.clear();
      try (RecordingContext ctx = RecordingContext.ticked().start(discoverer)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(60));
        groups = new ArrayList<>(ctx.state().values());
        errors =
            ctx.errorMessages().stream()
                .map(e -> e.replace(DnsDiscoverer.FAULT_PREFIX, ""))
                .map(e -> e.replace(resolv.toString(), "/etc/resolv.conf"))
                .sorted()
                .toList();
      }
      List<String> expectedErrors =
          c.get("errors").items().stream().map(Node::text).sorted().toList();
      assertThat(errors).as("errors").isEqualTo(expectedErrors);
      if (c.containsKey("panic")) {
        // promtool died (refresh-interval-zero: time.NewTicker(0)) before printing; promsd keeps
        // its first answer instead of crashing.
        assertThat(c.get("panic").text()).startsWith("panic: ");
        assertThat(groups).hasSize(cfg.names().size());
      } else {
        assertThat(SdFixtures.promtoolView(groups)).as("targets").isEqualTo(expected(c));
      }
      List<Map<String, String>> got = queries(log);
      List<Map<String, String>> want = recordedQueries(c.get("queries"));
      if (cfg.names().size() > 1) {
        got.sort(DnsFixtures::compareMaps);
        want.sort(DnsFixtures::compareMaps);
      }
      assertThat(got).as("queries").isEqualTo(want);
      if (c.containsKey("warnings")) {
        assertThat(warnings(CapturedLogs.lines()))
            .as("warnings")
            .isEqualTo(recordedWarnings(c.get("warnings")));
      }
    } finally {
      for (DnsFake f : fakes) {
        f.close();
      }
      if (!system) {
        Files.deleteIfExists(resolv);
        Files.deleteIfExists(dir);
      }
    }
  }

  private static final Pattern FAILED =
      Pattern.compile("DNS resolution failed server=(\\S+) name=(\\S+) err=");
  private static final Pattern INVALID =
      Pattern.compile("Invalid record record=(.*)$", Pattern.DOTALL);

  /**
   * What promsd logged that Prometheus logs as warnings: each server failure (server and name; the
   * error's wording is Go's or dnsjava's) and each skipped record (miekg's text), sorted.
   */
  private static List<String> warnings(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = FAILED.matcher(line);
      if (m.find()) {
        out.add("DNS resolution failed " + m.group(1) + " " + m.group(2));
        continue;
      }
      m = INVALID.matcher(line);
      if (m.find()) {
        out.add("Invalid record " + m.group(1).strip());
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> recordedWarnings(Node warnings) {
    List<String> out = new ArrayList<>();
    for (Node w : warnings.items()) {
      Map<String, Node> f = SdFixtures.map(w);
      String msg = f.get("msg").text();
      out.add(
          msg.equals("Invalid record")
              ? msg + " " + f.get("record").text()
              : msg + " " + f.get("server").text() + " " + f.get("name").text());
    }
    out.sort(null);
    return out;
  }

  private static InetAddress address(String server) {
    try {
      return InetAddress.getByName(server);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A UDP port nothing listens on: answers come back as ICMP port unreachable. */
  private static int closedPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<Map<String, String>> expected(Map<String, Node> f) {
    List<Map<String, String>> out = new ArrayList<>();
    if (f.containsKey("stdout")) {
      String stdout = f.get("stdout").text();
      if (!stdout.isBlank()) {
        for (Node result : Documents.parseJson(stdout, "stdout").items()) {
          Map<String, String> labels = new TreeMap<>();
          SdFixtures.map(SdFixtures.map(result).get("discoveredLabels"))
              .forEach(
                  (k, v) -> {
                    if (!JOB_DEFAULTS.contains(k) && !v.text().isEmpty()) {
                      labels.put(k, v.text());
                    }
                  });
          out.add(labels);
        }
      }
    } else {
      for (Node t : f.get("targets").items()) {
        Map<String, String> labels = new TreeMap<>();
        SdFixtures.map(t).forEach((k, v) -> labels.put(k, v.text()));
        labels.values().removeIf(String::isEmpty);
        out.add(labels);
      }
    }
    out.sort(DnsFixtures::compareMaps);
    return out;
  }

  private static List<Map<String, String>> queries(List<DnsFake.Query> log) {
    List<Map<String, String>> out = new ArrayList<>();
    synchronized (log) {
      for (DnsFake.Query q : log) {
        out.add(
            Map.of(
                "server", q.server(),
                "net", q.net(),
                "name", q.name(),
                "type", q.type(),
                "edns", Boolean.toString(q.edns())));
      }
    }
    return out;
  }

  private static List<Map<String, String>> recordedQueries(Node queries) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Node q : queries.items()) {
      Map<String, String> m = new HashMap<>();
      SdFixtures.map(q).forEach((k, v) -> m.put(k, v.text()));
      out.add(m);
    }
    return out;
  }

  private static Stream<DynamicTest> config(String file, Compat compat) {
    return SdFixtures.configCases("dns", file, compat, DnsFixtures::load);
  }
}
