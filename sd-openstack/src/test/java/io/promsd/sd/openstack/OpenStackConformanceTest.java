package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays {@code testdata/openstack/promtool-2.42/discovery.yaml} (recorded from promtool 2.42
 * against the fake OpenStack) under {@code --compat=2}, and the cases of {@code
 * prometheus-3/discovery.yaml} (written from the 3.x source) under {@code --compat=3}: each case
 * serves the same world from {@link OpenStackFake}, parses the same {@code openstack_sd_configs}
 * through the real loader, runs one refresh of the real discoverer, and compares the targets with
 * promtool's {@code discoveredLabels} (without the job's defaults, as a set: Prometheus walks the
 * address pools in Go's random map order), the requests with what promtool sent (method, path,
 * query, headers, JSON body, in order), and the refresh error with promtool's {@code err}. A case
 * whose discoverer promtool could not create compares that message.
 */
class OpenStackConformanceTest {
  private static final Set<String> JOB_DEFAULTS =
      Set.of("job", "__metrics_path__", "__scheme__", "__scrape_interval__", "__scrape_timeout__");

  /** Cases whose error text Jackson words differently from Go's encoding/json: prefix only. */
  private static final Set<String> ERROR_PREFIX_ONLY = Set.of();

  @TestFactory
  Stream<DynamicTest> promtool242() {
    return cases("promtool-2.42/discovery.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    return cases("prometheus-3/discovery.yaml", Compat.PROMETHEUS_3);
  }

  private static Stream<DynamicTest> cases(String file, Compat compat) {
    Path path = OpenStackFixtures.openstack().resolve(file);
    JsonNode doc = OpenStackFixtures.yaml(path);
    return StreamSupport.stream(doc.get("cases").spliterator(), false)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    file + ":" + c.get("name").asText(), () -> replay(c, compat)));
  }

  private static void replay(JsonNode c, Compat compat) throws Exception {
    if (compat == Compat.PROMETHEUS_3) {
      assertThat(c.has("source")).as("source of %s", c.get("name").asText()).isTrue();
    }
    boolean tls = c.path("tls").asBoolean(false);
    Path certs = OpenStackFixtures.openstack().resolve("certs");
    Path dir = Files.createTempDirectory("openstack-case");
    try (OpenStackFake fake =
        tls
            ? OpenStackFake.startTls(certs.resolve("server.pem"), certs.resolve("server.key"))
            : OpenStackFake.start()) {
      if (tls) {
        Files.copy(certs.resolve("server.pem"), dir.resolve("ca.pem"));
      }
      fake.world(OpenStackFixtures.payload(c.get("payload").asText()));
      fake.faults(c.get("faults"));
      String port = Integer.toString(fake.port());
      String sd = c.get("sd_configs").asText().replace("PORT", port);
      // promtool read the config from its working directory, so relative paths stayed relative
      String dirPrefix = dir.toString() + "/";
      Map<String, String> env = new HashMap<>();
      if (c.has("env")) {
        c.get("env")
            .properties()
            .forEach(e -> env.put(e.getKey(), e.getValue().asText().replace("PORT", port)));
      }
      OpenStackSdConfig config =
          (OpenStackSdConfig)
              io.promsd.sd.config.ConfigLoader.parse(
                      SdFixtures.prometheusYml("openstack", sd),
                      dir.resolve("prometheus.yml"),
                      compat)
                  .scrapeConfigs()
                  .get(0)
                  .sdConfigs()
                  .get(0);
      int exit = c.path("exit").asInt(0);
      if (exit != 0) {
        String stderr = c.get("stderr").asText().strip();
        String prefix = "Could not create new discoverer ";
        assertThat(stderr).startsWith(prefix);
        assertThatThrownBy(
                () -> OpenStackDiscoverer.create(config, env::get, OpenStackFixtures.FAST))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(
                e ->
                    assertThat(e.getMessage().replace(dirPrefix, ""))
                        .isEqualTo(stderr.substring(prefix.length())));
        return;
      }
      OpenStackDiscoverer d = OpenStackDiscoverer.create(config, env::get, OpenStackFixtures.FAST);
      ExecutorService pool = Executors.newCachedThreadPool();
      List<TargetGroup> groups = List.of();
      String error = null;
      try {
        d.open(pool);
        groups = d.refresh();
      } catch (OpenStackException e) {
        error = e.getMessage();
      } finally {
        pool.shutdownNow();
      }
      assertThat(targets(groups)).as("targets").isEqualTo(expected(c));
      if (!groups.isEmpty()) {
        assertThat(groups).extracting(TargetGroup::source).containsExactly("OS_" + config.region());
      }
      // JSON trees: object key order does not matter (Go marshals maps sorted, structs in order)
      assertThat(tree(fake.requests(), port)).as("requests").isEqualTo(tree(requests(c), port));
      String want =
          c.has("error") ? c.get("error").asText() : SdFixtures.refreshError(lines(c.get("log")));
      if (want == null) {
        assertThat(error).as("error").isNull();
      } else if (ERROR_PREFIX_ONLY.contains(c.get("name").asText())) {
        assertThat(error).as("error").isNotNull();
      } else {
        assertThat(error == null ? null : error.replace("127.0.0.1:" + port, "127.0.0.1:PORT"))
            .as("error")
            .isEqualTo(want);
      }
    }
  }

  private static JsonNode tree(List<? extends JsonNode> requests, String port) throws IOException {
    String s = OpenStackFake.JSON.writeValueAsString(requests);
    return OpenStackFake.JSON.readTree(s.replace("127.0.0.1:" + port, "127.0.0.1:PORT"));
  }

  /** The recorded requests, or (3.x cases) the list written from the source. */
  private static List<JsonNode> requests(JsonNode c) {
    List<JsonNode> out = new ArrayList<>();
    c.path("requests").forEach(out::add);
    return out;
  }

  static Set<Map<String, String>> targets(List<TargetGroup> groups) {
    Set<Map<String, String>> out = new HashSet<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        Map<String, String> m = new TreeMap<>();
        t.forEach(l -> m.put(l.name(), l.value()));
        out.add(m);
      }
    }
    return out;
  }

  /** promtool's discoveredLabels without the job defaults (3.x cases: {@code targets}). */
  static Set<Map<String, String>> expected(JsonNode c) throws IOException {
    JsonNode list =
        c.has("stdout") ? OpenStackFake.JSON.readTree(c.get("stdout").asText()) : c.get("targets");
    Set<Map<String, String>> out = new HashSet<>();
    for (JsonNode r : list) {
      JsonNode labels = r.has("discoveredLabels") ? r.get("discoveredLabels") : r;
      Map<String, String> m = new TreeMap<>();
      labels
          .properties()
          .forEach(
              e -> {
                if (!JOB_DEFAULTS.contains(e.getKey()) && !e.getValue().asText().isEmpty()) {
                  m.put(e.getKey(), e.getValue().asText());
                }
              });
      out.add(m);
    }
    return out;
  }

  private static List<String> lines(JsonNode log) {
    List<String> out = new ArrayList<>();
    if (log != null) {
      log.forEach(l -> out.add(l.asText()));
    }
    return out;
  }
}
