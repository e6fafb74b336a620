package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the validation cases of {@code testdata/consul/config} through the real factory, for
 * {@code --compat=3} and {@code --compat=2}, and checks the parsed record's own contract.
 */
class ConsulSdConfigTest {

  @TestFactory
  Stream<DynamicTest> validationCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : Fixtures.files("config")) {
      Node root = Fixtures.read(file);
      Compat compat = Fixtures.compat(root);
      for (Node c : Fixtures.map(root).get("cases").items()) {
        Map<String, Node> f = Fixtures.map(c);
        assertThat(f).containsKeys("name", "source", "config");
        tests.add(
            DynamicTest.dynamicTest(
                file.getFileName() + ":" + f.get("name").text(), () -> check(f, compat)));
      }
    }
    return tests.stream();
  }

  static int count() {
    int n = 0;
    for (Path file : Fixtures.files("config")) {
      n += Fixtures.map(Fixtures.read(file)).get("cases").items().size();
    }
    return n;
  }

  private static void check(Map<String, Node> c, Compat compat) {
    String text = c.get("config").text();
    if (c.containsKey("error")) {
      String error = c.get("error").text();
      String expected =
          c.containsKey("error_line")
              ? "yaml: unmarshal errors:\n  line " + c.get("error_line").text() + ": " + error
              : error;
      assertThatThrownBy(() -> Fixtures.parse(text, compat))
          .isInstanceOfSatisfying(
              ConfigException.class, ce -> assertThat(ce.reason()).isEqualTo(expected));
      return;
    }
    ConsulSdConfig parsed = Fixtures.parse(text, compat);
    Map<String, String> got = describe(parsed);
    Fixtures.strings(c.get("parsed"))
        .forEach((k, v) -> assertThat(got).as("field " + k).containsEntry(k, v));
  }

  /** The record's fields under the YAML names the fixtures use. */
  static Map<String, String> describe(ConsulSdConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("server", c.server());
    m.put("path_prefix", c.pathPrefix());
    m.put("token", c.token().toString());
    m.put("datacenter", c.datacenter());
    m.put("namespace", c.namespace());
    m.put("partition", c.partition());
    m.put("tag_separator", c.tagSeparator());
    m.put("scheme", c.scheme());
    m.put("username", c.username());
    m.put("password", c.password().toString());
    m.put("allow_stale", Boolean.toString(c.allowStale()));
    m.put("refresh_interval", PromDuration.format(c.refreshInterval()));
    m.put("services", c.services().toString());
    m.put("tags", c.tags().toString());
    m.put("node_meta", c.nodeMeta().toString());
    m.put("filter", c.filter());
    m.put("health_filter", c.healthFilter());
    HttpClientConfig http = c.httpClientConfig();
    m.put("basic_auth_username", http.basicAuth() == null ? "" : http.basicAuth().username());
    return m;
  }

  @Test
  void factoryIsFoundByServiceLoaderUnderItsKey() {
    List<String> keys = new ArrayList<>();
    ServiceLoader.load(DiscovererFactory.class).forEach(f -> keys.add(f.configKey()));
    assertThat(keys).contains("consul_sd_configs");
  }

  @Test
  void toStringNeverShowsSecrets() {
    ConsulSdConfig c =
        Fixtures.parse(
            "token: tok-s3cr3t\nusername: u\npassword: pw-s3cr3t\nservices: [web]\n",
            Compat.PROMETHEUS_3);
    assertThat(c.toString()).doesNotContain("s3cr3t").contains("<secret>");
    assertThat(c.token().reveal()).isEqualTo("tok-s3cr3t");
  }

  @Test
  void equalConfigsAreEqualSoTheyShareADiscoverer() {
    String text = "services: [a, b]\nnode_meta: {x: '1', y: '2'}\ntoken: t\n";
    ConsulSdConfig a = Fixtures.parse(text, Compat.PROMETHEUS_3);
    ConsulSdConfig b = Fixtures.parse(text, Compat.PROMETHEUS_3);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Fixtures.parse(text + "tags: [z]\n", Compat.PROMETHEUS_3));
  }

  @Test
  void recordCopiesItsCollections() {
    List<String> services = new ArrayList<>(List.of("a"));
    Map<String, String> meta = new LinkedHashMap<>(Map.of("k", "v"));
    ConsulSdConfig d = ConsulSdConfig.defaults();
    ConsulSdConfig c =
        new ConsulSdConfig(
            d.server(),
            "",
            Secret.empty(),
            "",
            "",
            "",
            ",",
            "http",
            "",
            Secret.empty(),
            true,
            Duration.ofSeconds(30),
            services,
            List.of(),
            meta,
            "",
            "",
            d.httpClientConfig());
    services.add("b");
    meta.put("k2", "v2");
    assertThat(c.services()).containsExactly("a");
    assertThat(c.nodeMeta()).containsOnlyKeys("k");
  }

  @Test
  void catalogModeAsPrometheusChoosesIt() {
    // consul.go Run: the catalog when services is empty, or tags or filter are set.
    assertThat(Fixtures.parse("{}", Compat.PROMETHEUS_3).watchesCatalog()).isTrue();
    assertThat(Fixtures.parse("services: [a]", Compat.PROMETHEUS_3).watchesCatalog()).isFalse();
    assertThat(Fixtures.parse("services: [a]\ntags: [t]", Compat.PROMETHEUS_3).watchesCatalog())
        .isTrue();
    assertThat(
            Fixtures.parse("services: [a]\nfilter: 'x == \"1\"'", Compat.PROMETHEUS_3)
                .watchesCatalog())
        .isTrue();
    // health_filter alone does not force the catalog
    assertThat(
            Fixtures.parse("services: [a]\nhealth_filter: 'x == \"1\"'", Compat.PROMETHEUS_3)
                .watchesCatalog())
        .isFalse();
  }
}
