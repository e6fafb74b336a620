package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.nio.file.Files;
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
 * Replays the cases recorded from promtool 2.42 ({@code testdata/docker/promtool-2.42/}) under
 * {@code --compat=2} and the 3.x cases written from the source ({@code
 * testdata/docker/prometheus-3/}) under {@code --compat=3}. A discovery case serves the same
 * payloads and faults from {@link EngineFake} (over TCP or a unix socket, as recorded), loads the
 * same config through the real loader, runs one refresh of the real discoverer and compares the
 * targets with what promtool printed (its {@code discoveredLabels} without the job's defaults, each
 * distinct result once, in any order: Go walks a container's networks in random order), the logged
 * errors, and the requests the fake received (method, path and query, headers). A config case
 * compares {@code check config}'s verdict and message.
 */
class DockerConformanceTest {
  // Added by promtool's PopulateLabels (scrape/target.go), not by the discoverer.
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  record Case(
      String file,
      String name,
      Compat compat,
      String mechanism,
      String payload,
      String transport,
      String sdConfigs,
      Map<String, Node> fake,
      List<Map<String, String>> expected,
      List<String> errors,
      String createError,
      String panic,
      Node requests) {}

  @TestFactory
  Stream<DynamicTest> promtool242Discovery() {
    return discovery("promtool-2.42/discovery.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3Discovery() {
    return discovery("prometheus-3/discovery.yaml", Compat.PROMETHEUS_3);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3FromPrometheusTests() {
    return discovery("prometheus-3/imported.yaml", Compat.PROMETHEUS_3);
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
    return cases(file, compat).stream()
        .map(c -> DynamicTest.dynamicTest(file + ":" + c.name(), () -> run(c)));
  }

  static List<Case> cases(String file, Compat compat) {
    Path path = DockerFixtures.docker().resolve(file);
    Map<String, Node> top = SdFixtures.map(SdFixtures.yaml(path));
    List<Case> out = new ArrayList<>();
    if (top.containsKey("same_as_2_42")) {
      Map<String, Case> recorded = new LinkedHashMap<>();
      for (Case c : cases("promtool-2.42/discovery.yaml", compat)) {
        recorded.put(c.name(), c);
      }
      for (Node s : top.get("same_as_2_42").items()) {
        Case c = recorded.get(s.text());
        assertThat(c).as("recorded case %s", s.text()).isNotNull();
        // 3.x sends other requests (no limit=0, another User-Agent): targets and errors only.
        out.add(
            new Case(
                file,
                "same-as-2.42/" + c.name(),
                compat,
                c.mechanism(),
                c.payload(),
                c.transport(),
                c.sdConfigs(),
                c.fake(),
                c.expected(),
                c.errors(),
                c.createError(),
                c.panic(),
                null));
      }
    }
    for (Node n : top.get("cases").items()) {
      Map<String, Node> f = SdFixtures.map(n);
      String name = f.get("name").text();
      if (file.startsWith("prometheus-3/")) {
        assertThat(f.get("source")).as("source of %s", name).isNotNull();
      }
      out.add(
          new Case(
              file,
              name,
              compat,
              f.get("mechanism").text(),
              f.get("payload").text(),
              SdFixtures.text(f, "transport", "http"),
              f.get("sd_configs").text(),
              SdFixtures.map(f.get("fake")),
              expected(f),
              f.containsKey("errors")
                  ? f.get("errors").items().stream().map(Node::text).toList()
                  : List.of(),
              SdFixtures.text(f, "create_error", null),
              SdFixtures.text(f, "panic", null),
              f.get("requests")));
    }
    return out;
  }

  /**
   * The expected targets: promtool's stdout, or a 3.x case's {@code targets}; null when the case
   * checks only requests and errors.
   */
  private static List<Map<String, String>> expected(Map<String, Node> f) {
    if (!f.containsKey("stdout") && !f.containsKey("targets")) {
      return null;
    }
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
    } else if (f.containsKey("targets")) {
      for (Node t : f.get("targets").items()) {
        Map<String, String> labels = new TreeMap<>();
        SdFixtures.map(t).forEach((k, v) -> labels.put(k, v.text()));
        labels.values().removeIf(String::isEmpty);
        out.add(labels);
      }
    }
    out.sort(DockerFixtures::compareMaps);
    return out;
  }

  private static void run(Case c) throws Exception {
    Path dir = Files.createTempDirectory("dsd");
    try (EngineFake fake = c.transport().equals("https") ? null : fake(c, dir);
        PlainResponder plain = c.transport().equals("https") ? new PlainResponder() : null) {
      String host;
      String port = null;
      String socket = null;
      if (plain != null) {
        port = String.valueOf(plain.port());
        host = "https://127.0.0.1:" + port;
      } else if (fake == null) {
        host = null;
      } else if (c.transport().equals("unix")) {
        host = fake.host();
        socket = fake.socket().toString();
      } else {
        port = String.valueOf(fake.port());
        String scheme =
            switch (c.transport()) {
              case "tcp" -> "tcp";
              default -> "http";
            };
        host = scheme + "://127.0.0.1:" + port;
      }
      String sd = host == null ? c.sdConfigs() : c.sdConfigs().replace("HOST", host);
      SdConfig cfg =
          DockerFixtures.load(SdFixtures.prometheusYml(c.mechanism(), sd), c.compat()).get(0);
      if (c.createError() != null) {
        assertThatThrownBy(cfg::newDiscoverer)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(c.createError());
        return;
      }
      Discoverer d = cfg.newDiscoverer();
      List<TargetGroup> groups;
      List<String> errors;
      try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(30));
        groups = new ArrayList<>(ctx.state().values());
        errors = ctx.errorMessages();
      }
      String p = port;
      String s = socket;
      List<String> normalized =
          errors.stream().map(e -> normalize(e, p, s)).map(DockerConformanceTest::unwrap).toList();
      if (c.panic() != null) {
        assertThat(normalized)
            .singleElement()
            .asString()
            .contains(ContainerTargets.NIL_DEREFERENCE);
        assertThat(SdFixtures.promtoolView(groups)).isEmpty();
        return;
      }
      assertThat(normalized).isEqualTo(c.errors());
      if (c.expected() != null) {
        assertThat(SdFixtures.promtoolView(groups)).isEqualTo(c.expected());
      }
      if (c.requests() != null && fake != null) {
        assertThat(summary(fake.requests(), p, s)).isEqualTo(recorded(c.requests()));
      }
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** RefreshDiscoverer's report, without its prefix: the error Prometheus logs. */
  private static String unwrap(String reported) {
    String prefix = "unable to refresh target groups: ";
    return reported.startsWith(prefix) ? reported.substring(prefix.length()) : reported;
  }

  /** The replay's counterpart of record.py's normalisation. */
  static String normalize(String text, String port, String socket) {
    String out = text;
    if (socket != null) {
      out = out.replace(goEscape(socket), "SOCKET").replace(socket, "SOCKET");
    }
    if (port != null) {
      out = out.replace("127.0.0.1:" + port, "127.0.0.1:PORT");
    }
    return out;
  }

  private static String goEscape(String path) {
    StringBuilder sb = new StringBuilder();
    for (char ch : path.toCharArray()) {
      if (Character.isLetterOrDigit(ch) || "-_.~".indexOf(ch) >= 0) {
        sb.append(ch);
      } else {
        sb.append(String.format("%%%02X", (int) ch));
      }
    }
    return sb.toString();
  }

  /** A fake set up as the case's fake was, or null when the case's host is not the fake. */
  private static EngineFake fake(Case c, Path dir) throws IOException {
    if (!c.sdConfigs().contains("HOST")) {
      return null;
    }
    EngineFake f =
        c.transport().equals("unix")
            ? EngineFake.unix(dir.resolve("docker.sock"))
            : EngineFake.tcp();
    Path payload = DockerFixtures.payloads().resolve(c.payload());
    f.serve(payload);
    Map<String, Node> fake = c.fake();
    if (fake.containsKey("api_version")) {
      f.apiVersion(fake.get("api_version").text());
    }
    if (fake.containsKey("base")) {
      f.base(fake.get("base").text());
    }
    if (fake.containsKey("ping")) {
      Map<String, Node> ping = SdFixtures.map(fake.get("ping"));
      Node v = ping.get("api_version");
      f.ping(
          ping.containsKey("head_status") ? Integer.valueOf(ping.get("head_status").text()) : null,
          ping.containsKey("get_status") ? Integer.valueOf(ping.get("get_status").text()) : null,
          v != null && v.isNull(),
          v != null && !v.isNull() ? v.text() : null);
    }
    if (fake.containsKey("responses")) {
      for (Map.Entry<String, Node> e : SdFixtures.map(fake.get("responses")).entrySet()) {
        Map<String, Node> r = SdFixtures.map(e.getValue());
        if (r.containsKey("raw")) {
          f.override(e.getKey(), EngineFake.Reply.raw(r.get("raw").text()));
          continue;
        }
        byte[] body;
        if (r.containsKey("body_file")) {
          body = Files.readAllBytes(payload.resolve(r.get("body_file").text()));
        } else if (r.containsKey("body_size")) {
          body = new byte[Integer.parseInt(r.get("body_size").text())];
          java.util.Arrays.fill(body, (byte) 'x');
        } else {
          body = SdFixtures.text(r, "body", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        SdFixtures.map(r.get("headers")).forEach((k, v) -> headers.put(k, v.text()));
        EngineFake.Reply o =
            new EngineFake.Reply(
                Integer.parseInt(SdFixtures.text(r, "status", "200")),
                body,
                SdFixtures.text(r, "content_type", "application/json"),
                headers,
                (long) (Double.parseDouble(SdFixtures.text(r, "delay", "0")) * 1000),
                Boolean.parseBoolean(SdFixtures.text(r, "chunked", "false")),
                false);
        f.override(e.getKey(), o);
      }
    }
    return f;
  }

  private static List<Map<String, Object>> summary(
      List<EngineFake.Request> requests, String port, String socket) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EngineFake.Request r : requests) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", r.method());
      m.put("path", normalize(r.path(), port, socket));
      Map<String, String> h = new TreeMap<>();
      r.headers().forEach((k, v) -> h.put(k, normalize(v, port, socket)));
      m.put("headers", h);
      out.add(m);
    }
    return out;
  }

  /**
   * The recorded requests; Debian's promtool calls itself {@code Prometheus/2.42.0+ds}, upstream
   * 2.42 (and promsd) {@code Prometheus/2.42.0}.
   */
  private static List<Map<String, Object>> recorded(Node requests) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node r : requests.items()) {
      Map<String, Node> f = SdFixtures.map(r);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", f.get("method").text());
      m.put("path", f.get("path").text());
      Map<String, String> h = new TreeMap<>();
      SdFixtures.map(f.get("headers"))
          .forEach(
              (k, v) -> h.put(k, v.text().replace("Prometheus/2.42.0+ds", "Prometheus/2.42.0")));
      m.put("headers", h);
      out.add(m);
    }
    return out;
  }

  private static Stream<DynamicTest> config(String file, Compat compat) {
    return SdFixtures.configCases("docker", file, compat, DockerFixtures::load);
  }
}
