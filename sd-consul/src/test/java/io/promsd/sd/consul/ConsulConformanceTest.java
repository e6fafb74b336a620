package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays {@code testdata/consul/prometheus-3} and {@code prometheus-2}: each case starts the fake
 * agent with the recorded answers, runs the real discoverer against it, and checks the exact
 * requests made (Prometheus's query strings), the groups sent and the errors reported. Format in
 * {@code testdata/consul/README.md}.
 */
class ConsulConformanceTest {
  static final Timing TIMING =
      new Timing(Duration.ofMinutes(2), Duration.ofMillis(50), Duration.ofSeconds(15));
  static final Duration DEADLINE = Duration.ofSeconds(10);

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    return cases("prometheus-3");
  }

  @TestFactory
  Stream<DynamicTest> prometheus2() {
    return cases("prometheus-2");
  }

  /** Every case of every file under {@code sub}. */
  static Stream<DynamicTest> cases(String sub) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : Fixtures.files(sub)) {
      Node root = Fixtures.read(file);
      Compat compat = Fixtures.compat(root);
      for (Node c : Fixtures.map(root).get("cases").items()) {
        Map<String, Node> f = Fixtures.map(c);
        assertThat(f).as("case needs name and source").containsKeys("name", "source");
        String name = file.getFileName() + ":" + f.get("name").text();
        tests.add(DynamicTest.dynamicTest(name, () -> run(f, compat)));
      }
    }
    return tests.stream();
  }

  static int count(String sub) {
    int n = 0;
    for (Path file : Fixtures.files(sub)) {
      n += Fixtures.map(Fixtures.read(file)).get("cases").items().size();
    }
    return n;
  }

  static void run(Map<String, Node> c, Compat compat) throws Exception {
    try (FakeConsul fake = FakeConsul.start()) {
      configure(fake, Fixtures.map(c.get("consul")));
      String text = c.get("config").text();
      text =
          text.contains("${FAKE}")
              ? text.replace("${FAKE}", fake.address())
              : "server: " + fake.address() + "\n" + text;
      ConsulSdConfig config = Fixtures.parse(text, compat);
      Map<String, String> env = Fixtures.strings(c.get("env"));
      try (RecordingContext ctx =
          RecordingContext.run(new ConsulDiscoverer(config, TIMING, env::get))) {
        expect(ctx, fake, c, 0);
        Node steps = c.get("steps");
        if (steps != null) {
          for (Node step : steps.items()) {
            Map<String, Node> s = Fixtures.map(step);
            int errorsBefore = ctx.errors().size();
            configure(fake, Fixtures.map(s.get("consul")));
            expect(ctx, fake, s, errorsBefore);
          }
        }
      }
    }
  }

  static void configure(FakeConsul fake, Map<String, Node> consul) {
    if (consul.containsKey("datacenter")) {
      fake.datacenter(consul.get("datacenter").text());
    }
    if (consul.containsKey("agent")) {
      int status =
          consul.containsKey("agent_status")
              ? Integer.parseInt(consul.get("agent_status").text())
              : 200;
      fake.agentSelf(status, consul.get("agent").text());
    }
    if (consul.containsKey("require_token")) {
      fake.requireToken(consul.get("require_token").text());
    }
    if (consul.containsKey("path_prefix")) {
      fake.pathPrefix(consul.get("path_prefix").text());
    }
    if (consul.containsKey("raw")) {
      fake.raw(consul.get("raw").text().equals("true"));
    }
    Fixtures.strings(consul.get("health")).forEach(fake::setHealth);
    if (consul.containsKey("catalog")) {
      fake.setCatalog(consul.get("catalog").text());
    }
    if (consul.containsKey("fail")) {
      Map<String, String> f = Fixtures.strings(consul.get("fail"));
      fake.fail(f.get("path"), Integer.parseInt(f.get("status")), f.get("body"));
    }
    if (consul.containsKey("body")) {
      Map<String, String> f = Fixtures.strings(consul.get("body"));
      fake.serveBody(f.get("path"), f.get("body"));
    }
  }

  static void expect(RecordingContext ctx, FakeConsul fake, Map<String, Node> c, int errorsBefore)
      throws InterruptedException {
    String error = c.containsKey("error") ? c.get("error").text() : null;
    String errorPrefix = c.containsKey("error_prefix") ? c.get("error_prefix").text() : null;
    if (error != null || errorPrefix != null) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (true) {
        List<RecordingContext.ReportedError> errors = ctx.awaitErrors(errorsBefore + 1, DEADLINE);
        List<String> texts = new ArrayList<>();
        for (RecordingContext.ReportedError e : errors.subList(errorsBefore, errors.size())) {
          texts.add(e.cause() == null ? e.message() : e.cause().getMessage());
        }
        boolean found =
            texts.stream()
                .anyMatch(t -> error != null ? t.equals(error) : t.startsWith(errorPrefix));
        if (found) {
          break;
        }
        assertThat(System.nanoTime() - deadline)
            .as("expected error %s, got %s", error != null ? error : errorPrefix + "…", texts)
            .isNegative();
        errorsBefore = errors.size() - 1;
      }
    }

    Map<String, TargetGroup> expected = groups(c.get("groups"));
    if (!expected.isEmpty()) {
      ctx.awaitState(s -> same(s, expected), DEADLINE);
    } else if (c.containsKey("groups")) {
      assertThat(ctx.state()).as("no group may be sent").isEmpty();
    }

    if (c.containsKey("requests")) {
      Set<String> want = new LinkedHashSet<>(Fixtures.list(c.get("requests")));
      if (!want.isEmpty()) {
        Await.until(
            () -> distinct(fake).containsAll(want),
            DEADLINE,
            () -> "requests " + want + "; got " + distinct(fake));
      }
      assertThat(distinct(fake)).as("requests (index removed)").isEqualTo(want);
      // Every watch starts without an index, and asks again with the index it was given.
      for (FakeConsul.Request r : fake.requests()) {
        Map<String, List<String>> p = r.params();
        if (p.containsKey("index")) {
          assertThat(Long.parseUnsignedLong(p.get("index").get(0))).isNotZero();
        }
      }
    }
    Map<String, String> counts = Fixtures.strings(c.get("request_counts"));
    for (Map.Entry<String, String> e : counts.entrySet()) {
      fake.awaitRequests(r -> r.uri().equals(e.getKey()), Integer.parseInt(e.getValue()), DEADLINE);
      assertThat(fake.requests().stream().filter(r -> r.uri().equals(e.getKey())).count())
          .isEqualTo(Long.parseLong(e.getValue()));
    }
  }

  static Set<String> distinct(FakeConsul fake) {
    Set<String> out = new LinkedHashSet<>();
    for (FakeConsul.Request r : fake.requests()) {
      out.add(r.withoutIndex());
    }
    return out;
  }

  /** Expected groups by source; labels through {@link Labels}, so empty values drop out. */
  static Map<String, TargetGroup> groups(Node n) {
    Map<String, TargetGroup> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    for (Node g : n.items()) {
      Map<String, Node> f = Fixtures.map(g);
      List<Labels> targets = new ArrayList<>();
      for (Node t : f.get("targets").items()) {
        targets.add(Labels.of(Fixtures.strings(t)));
      }
      String source = f.get("source").text();
      out.put(
          source, new TargetGroup(source, Labels.of(Fixtures.strings(f.get("labels"))), targets));
    }
    return out;
  }

  static boolean same(Map<String, TargetGroup> got, Map<String, TargetGroup> want) {
    if (!got.keySet().equals(want.keySet())) {
      return false;
    }
    for (Map.Entry<String, TargetGroup> e : want.entrySet()) {
      TargetGroup g = got.get(e.getKey());
      if (!Objects.equals(g.labels(), e.getValue().labels())
          || !g.targets().equals(e.getValue().targets())) {
        return false;
      }
    }
    return true;
  }
}
