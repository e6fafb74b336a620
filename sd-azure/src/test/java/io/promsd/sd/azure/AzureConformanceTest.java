package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays {@code testdata/azure/promtool-2.42/discovery.yaml} (recorded from promtool 2.42 against
 * the fake Azure) under {@code --compat=2}: each case serves the same world from {@link AzureFake},
 * parses the same {@code azure_sd_configs} through the real loader, runs one refresh of the real
 * discoverer, and compares the targets with promtool's {@code discoveredLabels} (without the job's
 * defaults, as a set: Prometheus builds targets in goroutines, so their order is random), the
 * requests with what promtool sent (sorted; token values and the Debian {@code +ds} suffix of the
 * user agent normalised), and the refresh error with promtool's {@code err}.
 */
class AzureConformanceTest {
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  /** Cases whose error text is only matched up to the wrapped cause (Jackson words JSON errors). */
  private static final Set<String> ERROR_PREFIX_ONLY = Set.of("vm-list-garbage");

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> promtool242() {
    Path file = AzureFixtures.azure().resolve("promtool-2.42/discovery.yaml");
    return SdFixtures.map(SdFixtures.yaml(file)).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = SdFixtures.map(c);
              String name = f.get("name").text();
              return DynamicTest.dynamicTest(
                  "promtool-2.42/discovery.yaml:" + name, () -> replay(f));
            });
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    Path file = AzureFixtures.azure().resolve("prometheus-3/discovery.yaml");
    Map<String, Node> top = SdFixtures.map(SdFixtures.yaml(file));
    Map<String, Map<String, Node>> recorded = new HashMap<>();
    Path rec = AzureFixtures.azure().resolve("promtool-2.42/discovery.yaml");
    for (Node c : SdFixtures.map(SdFixtures.yaml(rec)).get("cases").items()) {
      Map<String, Node> f = SdFixtures.map(c);
      recorded.put(f.get("name").text(), f);
    }
    List<DynamicTest> out = new ArrayList<>();
    for (Node s : top.get("same_as_2_42").items()) {
      Map<String, Node> f = recorded.get(s.text());
      assertThat(f).as("recorded case %s", s.text()).isNotNull();
      out.add(
          DynamicTest.dynamicTest(
              "prometheus-3/discovery.yaml:same-as-2.42/" + s.text(), () -> replay3(f, true)));
    }
    for (Node c : top.get("cases").items()) {
      Map<String, Node> f = SdFixtures.map(c);
      assertThat(f.get("source")).as("source of %s", f.get("name").text()).isNotNull();
      out.add(
          DynamicTest.dynamicTest(
              "prometheus-3/discovery.yaml:" + f.get("name").text(), () -> replay3(f, false)));
    }
    return out.stream();
  }

  /** A 3.x case: the public cloud aimed at the fake (3.x has no custom environments). */
  private void replay3(Map<String, Node> f, boolean recordedCase) throws Exception {
    String name = f.get("name").text();
    try (AzureFake fake = AzureFake.start()) {
      fake.world(AzureFixtures.payload(f.get("payload").text()));
      if (f.containsKey("faults")) {
        fake.faults(toJson(f.get("faults")));
      }
      Map<String, String> env = new HashMap<>();
      for (Map.Entry<String, Node> e : SdFixtures.map(f.get("files")).entrySet()) {
        Files.writeString(tmp.resolve(e.getKey()), e.getValue().text());
      }
      SdFixtures.map(f.get("env"))
          .forEach(
              (k, v) -> {
                String val = v.text().replace("PORT", Integer.toString(fake.port()));
                if (val.startsWith("FILE:")) {
                  val = tmp.resolve(val.substring(5)).toString();
                }
                env.put(k, val);
              });
      if (recordedCase) {
        env.clear(); // 2.42's MSI_* variables mean nothing to the 3.x cases kept here
      }
      String sd =
          f.get("sd_configs")
              .text()
              .replace(
                  "environment: AzureStackCloud",
                  recordedCase ? "environment: AzurePublicCloud" : "environment: AzureStackCloud");
      List<AzureSdConfig> configs =
          AzureFixtures.load(SdFixtures.prometheusYml("azure", sd), Compat.PROMETHEUS_3);
      assertThat(configs).hasSize(1);
      Function<String, String> getenv = env::get;
      Cloud fakeCloud =
          new Cloud(
              "AzurePublic",
              fake.base() + "/aad/",
              fake.base() + "/arm",
              "https://management.core.windows.net/");
      Clouds real = Clouds.of(getenv);
      Clouds clouds =
          (n, compat) ->
              real.resolve(n, compat).equals(Clouds.PUBLIC_3) ? fakeCloud : real.resolve(n, compat);
      boolean imds = f.containsKey("imds") && f.get("imds").text().equals("true");
      AzureDiscoverer d =
          new AzureDiscoverer(
              configs.get(0),
              clouds,
              AzureFixtures.FAST,
              getenv,
              fake.base() + (imds ? "/msi/token" : "/no-imds"));
      List<Map<String, String>> got;
      List<String> errors;
      try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(60));
        got = view(ctx.state().values());
        errors = ctx.errorMessages();
      }
      List<Map<String, String>> want;
      if (recordedCase) {
        want = expected(f.get("stdout").text());
      } else {
        want = new ArrayList<>();
        for (Node t : f.get("targets").items()) {
          Map<String, String> m = new TreeMap<>();
          SdFixtures.map(t).forEach((k, v) -> m.put(k, v.text()));
          m.values().removeIf(String::isEmpty);
          want.add(m);
        }
      }
      assertThat(new LinkedHashSet<>(got))
          .as("targets of %s", name)
          .isEqualTo(new LinkedHashSet<>(want));
      if (!recordedCase && f.containsKey("requests")) {
        List<String> sent = new ArrayList<>();
        for (AzureFake.Request r : fake.requests()) {
          sent.add(r.method() + " " + r.path() + " ?" + r.query());
        }
        sent.sort(null);
        List<String> wanted = new ArrayList<>();
        f.get("requests").items().forEach(r -> wanted.add(r.text()));
        assertThat(sent).as("requests").isEqualTo(wanted);
      }
      if (!recordedCase && f.containsKey("error")) {
        assertThat(errors)
            .as("errors")
            .containsExactly("unable to refresh target groups: " + f.get("error").text());
      }
      if (!recordedCase && want.isEmpty() && !f.containsKey("error")) {
        assertThat(errors).as("errors").isNotEmpty();
      }
    }
  }

  private void replay(Map<String, Node> f) throws Exception {
    String name = f.get("name").text();
    try (AzureFake fake = AzureFake.start()) {
      fake.world(AzureFixtures.payload(f.get("payload").text()));
      if (f.containsKey("faults")) {
        fake.faults(toJson(f.get("faults")));
      }
      if (f.containsKey("token_ttl")) {
        fake.tokenTtl(Long.parseLong(f.get("token_ttl").text()));
      }
      Path envFile = tmp.resolve("azure-env-" + name + ".json");
      Files.writeString(
          envFile,
          "{\"name\":\"AzureStackCloud\",\"resourceManagerEndpoint\":\""
              + fake.base()
              + "/arm/\",\"activeDirectoryEndpoint\":\""
              + fake.base()
              + "/aad/\"}");
      Map<String, String> env = new HashMap<>();
      env.put("AZURE_ENVIRONMENT_FILEPATH", envFile.toString());
      SdFixtures.map(f.get("env"))
          .forEach(
              (k, v) ->
                  env.put(
                      k,
                      v.text()
                          .replace("PORT", Integer.toString(fake.port()))
                          .replace("ENVFILE", envFile.toString())));
      String sd = f.get("sd_configs").text().replace("ENVFILE", envFile.toString());
      List<AzureSdConfig> configs =
          AzureFixtures.load(SdFixtures.prometheusYml("azure", sd), Compat.PROMETHEUS_2);
      assertThat(configs).hasSize(1);
      Function<String, String> getenv = env::get;
      AzureDiscoverer d =
          new AzureDiscoverer(
              configs.get(0),
              Clouds.of(getenv),
              AzureFixtures.FAST,
              getenv,
              fake.base() + "/no-imds");
      List<Map<String, String>> got;
      List<String> errors;
      try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(60));
        got = view(ctx.state().values());
        errors = ctx.errorMessages();
      }
      assertThat(new LinkedHashSet<>(got))
          .as("targets")
          .isEqualTo(new LinkedHashSet<>(expected(f.get("stdout").text())));
      assertThat(AzureFake.summary(fake.requests(), fake.port()))
          .as("requests")
          .isEqualTo(recordedRequests(f.get("requests")));
      String err = SdFixtures.refreshError(f.get("log"));
      if (err == null) {
        assertThat(errors).as("errors").isEmpty();
      } else {
        assertThat(errors).as("errors").hasSize(1);
        String ours = errors.get(0).replace("127.0.0.1:" + fake.port(), "127.0.0.1:PORT");
        assertThat(ours).startsWith("unable to refresh target groups: ");
        ours = ours.substring("unable to refresh target groups: ".length());
        if (ERROR_PREFIX_ONLY.contains(name)) {
          String cut = "Original Error: ";
          assertThat(ours.substring(0, ours.indexOf(cut)))
              .isEqualTo(err.substring(0, err.indexOf(cut)));
        } else {
          assertThat(ours).isEqualTo(err);
        }
      }
    }
  }

  /** The discovered labels of every target, as promtool prints them (no job defaults). */
  static List<Map<String, String>> view(Iterable<TargetGroup> groups) {
    List<Map<String, String>> out = new ArrayList<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        Map<String, String> m = new TreeMap<>();
        g.labels().forEach(l -> m.put(l.name(), l.value()));
        t.forEach(l -> m.put(l.name(), l.value()));
        out.add(m);
      }
    }
    return out;
  }

  static List<Map<String, String>> expected(String stdout) {
    Node arr = Documents.parseJson(stdout, "stdout");
    List<Map<String, String>> out = new ArrayList<>();
    for (Node result : arr.items()) {
      Map<String, String> m = new TreeMap<>();
      SdFixtures.map(SdFixtures.map(result).get("discoveredLabels"))
          .forEach(
              (k, v) -> {
                if (!JOB_DEFAULTS.contains(k) && !v.text().isEmpty()) {
                  m.put(k, v.text());
                }
              });
      out.add(m);
    }
    return out;
  }

  private static List<String> recordedRequests(Node requests) {
    List<AzureFake.Request> out = new ArrayList<>();
    for (Node r : requests.items()) {
      Map<String, Node> f = SdFixtures.map(r);
      Map<String, String> h = new TreeMap<>();
      SdFixtures.map(f.get("headers")).forEach((k, v) -> h.put(k, v.text()));
      Map<String, String> form = null;
      if (f.containsKey("form")) {
        form = new TreeMap<>();
        for (Map.Entry<String, Node> e : SdFixtures.map(f.get("form")).entrySet()) {
          form.put(e.getKey(), e.getValue().text());
        }
      }
      out.add(
          new AzureFake.Request(
              f.get("method").text(), f.get("path").text(), f.get("query").text(), h, form));
    }
    // The recordings already say 127.0.0.1:PORT; port -1 leaves them alone.
    return AzureFake.summary(out, -1);
  }

  private static JsonNode toJson(Node n) throws IOException {
    return AzureFake.JSON.readTree(nodeToJson(n));
  }

  static String nodeToJson(Node n) {
    switch (n.kind()) {
      case MAPPING:
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<Node, Node> e : n.entries()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append(quote(e.getKey().text())).append(':').append(nodeToJson(e.getValue()));
        }
        return sb.append('}').toString();
      case SEQUENCE:
        List<String> items = new ArrayList<>();
        n.items().forEach(i -> items.add(nodeToJson(i)));
        return "[" + String.join(",", items) + "]";
      default:
        String t = n.text();
        if (t.matches("-?\\d+(\\.\\d+)?")) {
          return t;
        }
        return quote(t);
    }
  }

  private static String quote(String s) {
    return AzureFake.JSON.getNodeFactory().textNode(s).toString();
  }
}
