package io.promsd.sd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The replay of a mechanism whose fixtures were recorded against {@code testdata/http/gen}'s
 * scripted HTTP server (http and eureka): {@code testdata/<mechanism>/promtool-2.42} (recorded from
 * promtool 2.42 against the scripted fake) under {@code --compat=2}, and {@code
 * testdata/<mechanism>/prometheus-3} (written from the 3.x source) under {@code --compat=3}.
 *
 * <p>A discovery case serves the same answers from a {@link ScriptedHttpServer}, parses the same
 * {@code <mechanism>_sd_configs} through the real loader, runs one refresh of the real discoverer,
 * and compares the targets with promtool's {@code discoveredLabels} (without the job's defaults),
 * the requests with what promtool sent (the Debian {@code +ds} suffix of the user agent dropped),
 * and the refresh error with promtool's {@code err}. A config case compares the loader's verdict
 * and message with {@code promtool check config}'s.
 *
 * <p>A module's conformance test extends it and names its mechanism.
 */
public abstract class ScriptedHttpConformance {
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  private final String mechanism;

  /** The cases of {@code testdata/<mechanism>}, for {@code <mechanism>_sd_configs}. */
  protected ScriptedHttpConformance(String mechanism) {
    this.mechanism = mechanism;
  }

  @TestFactory
  public Stream<DynamicTest> discovery242() {
    return discovery("promtool-2.42/discovery.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  public Stream<DynamicTest> discovery3() {
    return discovery("prometheus-3/discovery.yaml", Compat.PROMETHEUS_3);
  }

  @TestFactory
  public Stream<DynamicTest> config242() {
    return config("promtool-2.42/config.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  public Stream<DynamicTest> config3() {
    return config("prometheus-3/config.yaml", Compat.PROMETHEUS_3);
  }

  private Stream<DynamicTest> discovery(String file, Compat compat) {
    Path path = TestData.resolve(mechanism, file);
    return SdFixtures.map(SdFixtures.yaml(path)).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = SdFixtures.map(c);
              String name = f.get("name").text();
              if (compat == Compat.PROMETHEUS_3) {
                assertThat(f.get("source")).as("source of %s", name).isNotNull();
              }
              return DynamicTest.dynamicTest(file + ":" + name, () -> replay(f, compat));
            });
  }

  private Stream<DynamicTest> config(String file, Compat compat) {
    return SdFixtures.configCases(
        mechanism,
        file,
        compat,
        (yml, c) -> {
          List<SdConfig> all = SdFixtures.sdConfigs(yml, c);
          assertThat(all).hasSize(1);
          return all;
        });
  }

  private void replay(Map<String, Node> f, Compat compat) throws Exception {
    try (ScriptedHttpServer fake = ScriptedHttpServer.start()) {
      fake.script(answers(f.get("responses")));
      int port = fake.port();
      boolean refused = f.containsKey("refused") && f.get("refused").text().equals("true");
      if (refused) {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
          port = s.getLocalPort();
        }
      }
      String sd = f.get("sd_configs").text().replace("PORT", Integer.toString(port));
      SdConfig config =
          SdFixtures.sdConfigs(SdFixtures.prometheusYml(mechanism, sd), compat).get(0);
      List<Map<String, String>> got;
      List<String> errors;
      try (RecordingContext ctx = RecordingContext.ticked().start(config.newDiscoverer())) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(60));
        got = view(ctx.state().values());
        errors = ctx.errorMessages();
      }
      String portText = Integer.toString(port);
      List<Map<String, String>> gotNormalised = new ArrayList<>();
      for (Map<String, String> m : got) {
        Map<String, String> n = new TreeMap<>();
        m.forEach((k, v) -> n.put(k, v.replace("127.0.0.1:" + portText, "127.0.0.1:PORT")));
        gotNormalised.add(n);
      }
      // Prometheus keeps one of identical targets (scrape/manager.go): compare as sets.
      assertThat(new java.util.HashSet<>(gotNormalised))
          .as("targets")
          .isEqualTo(new java.util.HashSet<>(expected(f.get("stdout").text())));
      if (!refused) {
        assertThat(requests(fake.requests())).as("requests").isEqualTo(recorded(f.get("requests")));
      }
      String err = SdFixtures.refreshError(f.get("log"));
      if (err == null) {
        assertThat(errors).as("errors").isEmpty();
      } else {
        assertThat(errors).as("errors").hasSize(1);
        String ours = errors.get(0).replace("127.0.0.1:" + portText, "127.0.0.1:PORT");
        assertThat(ours).isEqualTo("unable to refresh target groups: " + err);
      }
    }
  }

  private static List<ScriptedHttpServer.Answer> answers(Node responses) {
    List<ScriptedHttpServer.Answer> out = new ArrayList<>();
    for (Node r : responses.items()) {
      Map<String, Node> m = SdFixtures.map(r);
      Map<String, String> headers = new LinkedHashMap<>();
      SdFixtures.map(m.get("headers")).forEach((k, v) -> headers.put(k, v.text()));
      out.add(
          new ScriptedHttpServer.Answer(
              m.containsKey("status") ? Integer.parseInt(m.get("status").text()) : 200,
              headers,
              m.containsKey("body") ? m.get("body").text() : "",
              m.containsKey("delay") ? Double.parseDouble(m.get("delay").text()) : 0,
              m.containsKey("redirect") ? m.get("redirect").text() : null));
    }
    return out;
  }

  /** The discovered labels of every target, as promtool prints them (no job defaults). */
  private static List<Map<String, String>> view(Iterable<TargetGroup> groups) {
    List<Map<String, String>> out = new ArrayList<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        if (t.get("__address__") == null || t.get("__address__").isEmpty()) {
          out.add(Map.of("error", "no address")); // promtool prints the target as an error
          continue;
        }
        Map<String, String> m = new TreeMap<>();
        g.labels().forEach(l -> m.put(l.name(), l.value()));
        t.forEach(l -> m.put(l.name(), l.value()));
        out.add(m);
      }
    }
    return out;
  }

  private static List<Map<String, String>> expected(String stdout) {
    Node arr = Documents.parseJson(stdout, "stdout");
    List<Map<String, String>> out = new ArrayList<>();
    if (arr.isNull()) {
      return out;
    }
    for (Node result : arr.items()) {
      Map<String, Node> r = SdFixtures.map(result);
      if (r.containsKey("error")) {
        out.add(Map.of("error", "no address"));
        continue;
      }
      Map<String, String> m = new TreeMap<>();
      SdFixtures.map(r.get("discoveredLabels"))
          .forEach(
              (k, v) -> {
                if (!JOB_DEFAULTS.contains(k)) {
                  m.put(k, v.text());
                }
              });
      out.add(m);
    }
    return out;
  }

  private static List<String> requests(List<ScriptedHttpServer.Request> reqs) {
    List<String> out = new ArrayList<>();
    for (ScriptedHttpServer.Request r : reqs) {
      String line =
          r.method() + " " + r.path() + " ?" + r.query() + " " + new TreeMap<>(r.headers());
      if (!out.contains(line)) {
        out.add(line);
      }
    }
    return out;
  }

  private static List<String> recorded(Node requests) {
    List<String> out = new ArrayList<>();
    for (Node r : requests.items()) {
      Map<String, Node> f = SdFixtures.map(r);
      Map<String, String> h = new TreeMap<>();
      SdFixtures.map(f.get("headers"))
          .forEach(
              (k, v) -> h.put(k, v.text().replace("Prometheus/2.42.0+ds", "Prometheus/2.42.0")));
      out.add(
          f.get("method").text()
              + " "
              + f.get("path").text()
              + " ?"
              + f.get("query").text()
              + " "
              + h);
    }
    return out;
  }
}
