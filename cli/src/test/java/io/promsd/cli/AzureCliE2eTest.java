package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promsd check service-discovery --compat=2} on an Azure job, end to end: the same fake
 * Azure promtool 2.42 was recorded against ({@code testdata/azure/gen/fake_azure.py}, started as a
 * process serving the case's world), aimed at through {@code AZURE_ENVIRONMENT_FILEPATH} exactly as
 * promtool was; promsd runs as a process too (the environment variable must reach it), and its JSON
 * must hold the entries promtool printed ({@code testdata/azure/promtool-2.42/discovery.yaml}).
 * Skipped without {@code python3}.
 */
class AzureCliE2eTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"basic", "scale-sets", "nic-corners", "paging"})
  void checkServiceDiscoveryPrintsWhatPromtoolPrinted(String name) throws Exception {
    assumeTrue(hasPython(), "python3 is needed to run the fake Azure");
    Map<String, Node> recorded = recordedCase(name);
    Path gen = E2eConformanceTest.testdata().resolve("azure/gen");
    Path world =
        E2eConformanceTest.testdata()
            .resolve("azure/payloads/" + recorded.get("payload").text() + ".json");
    Process fake =
        new ProcessBuilder("python3", gen.resolve("fake_azure.py").toString(), world.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).startsWith("listening on 127.0.0.1:");
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
      Path env = tmp.resolve("azure-env.json");
      Files.writeString(
          env,
          "{\"name\":\"AzureStackCloud\",\"resourceManagerEndpoint\":\"http://127.0.0.1:"
              + port
              + "/arm/\",\"activeDirectoryEndpoint\":\"http://127.0.0.1:"
              + port
              + "/aad/\"}");
      StringBuilder yml =
          new StringBuilder("scrape_configs:\n  - job_name: azure\n    azure_sd_configs:\n");
      for (String l : recorded.get("sd_configs").text().split("\n")) {
        if (!l.isEmpty()) {
          yml.append("      ").append(l).append('\n');
        }
      }
      Files.writeString(tmp.resolve("prometheus.yml"), yml.toString());
      ProcessBuilder pb =
          new ProcessBuilder(
                  javaBin(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.promsd.cli.Main",
                  "check",
                  "service-discovery",
                  "--compat=2",
                  "--timeout=20s",
                  "prometheus.yml",
                  "azure")
              .directory(tmp.toFile())
              .redirectError(tmp.resolve("stderr.txt").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("MSI_"));
      pb.environment().put("AZURE_ENVIRONMENT_FILEPATH", env.toString());
      Process promsd = pb.start();
      String out = new String(promsd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promsd.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(promsd.exitValue())
          .as("exit; stderr: %s", Files.readString(tmp.resolve("stderr.txt")))
          .isZero();
      assertThat(entries(out)).isEqualTo(entries(recorded.get("stdout").text()));
    } finally {
      fake.destroy();
      fake.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Node> recordedCase(String name) {
    Path file = E2eConformanceTest.testdata().resolve("azure/promtool-2.42/discovery.yaml");
    Node doc;
    try {
      doc = Documents.parseYaml(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    for (Map.Entry<Node, Node> e : doc.entries()) {
      if (!e.getKey().text().equals("cases")) {
        continue;
      }
      for (Node c : e.getValue().items()) {
        Map<String, Node> m = map(c);
        if (m.get("name").text().equals(name)) {
          return m;
        }
      }
    }
    throw new AssertionError("no recorded case " + name);
  }

  private static Map<String, Node> map(Node n) {
    Map<String, Node> out = new TreeMap<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      out.put(e.getKey().text(), e.getValue());
    }
    return out;
  }

  /** The printed entries as canonical strings, sorted (Prometheus's order is random here). */
  private static List<String> entries(String json) {
    List<String> out = new ArrayList<>();
    for (Node e : Documents.parseJson(json, "stdout").items()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, Node> part : map(e).entrySet()) {
        Map<String, String> labels = new TreeMap<>();
        part.getValue()
            .entries()
            .forEach(kv -> labels.put(kv.getKey().text(), kv.getValue().text()));
        sb.append(part.getKey()).append('=').append(labels).append(' ');
      }
      out.add(sb.toString());
    }
    out.sort(null);
    return out;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean hasPython() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "python3"))) {
        return true;
      }
    }
    return false;
  }
}
