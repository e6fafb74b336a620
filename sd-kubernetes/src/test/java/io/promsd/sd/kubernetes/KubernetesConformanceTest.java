package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays the Kubernetes discovery cases in {@code testdata/kubernetes/} (format in the README
 * there): each case's objects are served by {@link FakeKubeApiServer}, its config goes through the
 * real parser, the real client lists and watches, the case's steps change objects after the first
 * full update, and the groups received (latest per source) must equal the expected ones, which come
 * from Prometheus's own tests and source, never from promsd.
 */
class KubernetesConformanceTest {
  private static final Gson GSON = new Gson();

  @TempDir Path tmp;

  static Path dir() {
    return TestData.resolve("kubernetes");
  }

  @TestFactory
  Stream<DynamicTest> cases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        Map<String, Object> doc = load(f);
        if (!doc.containsKey("cases") || doc.containsKey("config_cases")) {
          continue;
        }
        Compat compat = Compat.parse(String.valueOf(doc.get("compat")));
        for (Object c : list(doc.get("cases"))) {
          Map<String, Object> kase = map(c);
          String name = dir().relativize(f) + ":" + kase.get("name");
          tests.add(DynamicTest.dynamicTest(name, () -> run(kase, compat)));
        }
      }
    }
    assertThat(tests).as("cases found in %s", dir()).isNotEmpty();
    return tests.stream();
  }

  static Map<String, Object> load(Path f) throws IOException {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(10_000);
    return new Yaml(o).load(Files.readString(f, StandardCharsets.UTF_8));
  }

  private void run(Map<String, Object> kase, Compat compat) throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      for (Object o : list(kase.get("objects"))) {
        applyObject(fake, map(o));
      }
      String configYaml = String.valueOf(kase.get("config"));
      String own = (String) kase.get("own_namespace");
      Path caseDir = Files.createTempDirectory(tmp, "case");
      try (DiscovererRun run =
          own != null
              ? DiscovererRun.startInCluster(
                  DiscovererRun.parse(configYaml, compat), fake, caseDir, own)
              : DiscovererRun.start(
                  DiscovererRun.parse(configYaml + "\napi_server: " + fake.url() + "\n", compat),
                  DiscovererRun.FAST)) {
        run.awaitFirstUpdate();
        for (Object s : list(kase.get("steps"))) {
          Map<String, Object> step = map(s);
          if (step.containsKey("apply")) {
            applyObject(fake, map(step.get("apply")));
          } else if (step.containsKey("delete")) {
            Map<String, Object> d = map(step.get("delete"));
            ResourceKind k = kind(String.valueOf(d.get("kind")));
            if (k != null) {
              fake.delete(
                  k,
                  String.valueOf(d.getOrDefault("namespace", "")),
                  String.valueOf(d.get("name")));
            }
          } else {
            throw new IllegalArgumentException("unknown step " + step);
          }
        }
        run.awaitCaughtUp(fake);
        assertThat(render(run.ctx.state()))
            .as("errors reported: %s", run.ctx.errorMessages())
            .isEqualTo(render(expected(map(kase.get("expected")))));
      }
    }
  }

  /**
   * Creates or replaces an object given in the fixture; kinds discovery never reads are kept out.
   */
  static void applyObject(FakeKubeApiServer fake, Map<String, Object> o) {
    ResourceKind k = kind(String.valueOf(o.get("kind")));
    if (k == null) {
      return; // Deployment, CronJob: Prometheus never watches them
    }
    fake.apply(k, GSON.toJsonTree(o).getAsJsonObject());
  }

  static JsonObject json(Map<String, Object> o) {
    return GSON.toJsonTree(o).getAsJsonObject();
  }

  static ResourceKind kind(String kind) {
    for (ResourceKind k : ResourceKind.values()) {
      if (FakeKubeApiServer.kindName(k).equals(kind)) {
        return k;
      }
    }
    if (kind.equals("Deployment") || kind.equals("CronJob")) {
      return null;
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  static Map<String, TargetGroup> expected(Map<String, Object> groups) {
    Map<String, TargetGroup> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : groups.entrySet()) {
      Map<String, Object> g = e.getValue() == null ? Map.of() : map(e.getValue());
      List<Labels> targets = new ArrayList<>();
      for (Object t : list(g.get("targets"))) {
        targets.add(labels(map(t)));
      }
      out.put(
          e.getKey(),
          new TargetGroup(
              e.getKey(),
              labels(g.get("labels") == null ? Map.of() : map(g.get("labels"))),
              targets));
    }
    return out;
  }

  /** Label values as strings; empty values vanish, as in {@link Labels}. */
  static Labels labels(Map<String, Object> m) {
    Map<String, String> s = new LinkedHashMap<>();
    m.forEach((k, v) -> s.put(k, v == null ? "" : String.valueOf(v)));
    return Labels.of(s);
  }

  /** A stable, diff-friendly rendering: source -> labels and targets. */
  static Map<String, String> render(Map<String, TargetGroup> groups) {
    Map<String, String> out = new TreeMap<>();
    groups.forEach(
        (src, g) -> {
          StringBuilder sb = new StringBuilder("labels=").append(g.labels());
          for (Labels t : g.targets()) {
            sb.append("\n  target=").append(t);
          }
          out.put(src, sb.toString());
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
