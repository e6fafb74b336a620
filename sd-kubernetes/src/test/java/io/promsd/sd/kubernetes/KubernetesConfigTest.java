package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Config parsing and validation against Prometheus's own cases ({@code
 * testdata/kubernetes/config/validation.yaml}), plus equality and secret masking.
 */
class KubernetesConfigTest {

  @TestFactory
  Stream<DynamicTest> prometheusConfigCases() throws IOException {
    Path f = KubernetesConformanceTest.dir().resolve("config/validation.yaml");
    Map<String, Object> doc = KubernetesConformanceTest.load(f);
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : KubernetesConformanceTest.list(doc.get("config_cases"))) {
      Map<String, Object> c = KubernetesConformanceTest.map(o);
      for (Object v : KubernetesConformanceTest.list(c.get("compat"))) {
        Compat compat = Compat.parse(String.valueOf(v));
        tests.add(
            DynamicTest.dynamicTest(
                "validation.yaml:" + c.get("name") + " compat=" + v, () -> check(c, compat)));
      }
    }
    return tests.stream();
  }

  private static void check(Map<String, Object> c, Compat compat) {
    String yaml = String.valueOf(c.get("config"));
    if (Boolean.TRUE.equals(c.get("valid"))) {
      assertThat(DiscovererRun.parse(yaml, compat)).isNotNull();
    } else if (c.containsKey("error")) {
      assertThatThrownBy(() -> DiscovererRun.parse(yaml, compat))
          .isInstanceOfSatisfying(
              ConfigException.class,
              ce -> assertThat(ce.reason()).isEqualTo(String.valueOf(c.get("error"))));
    } else {
      assertThatThrownBy(() -> DiscovererRun.parse(yaml, compat))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(String.valueOf(c.get("error_contains")));
    }
  }

  @Test
  void equalConfigsMeanTheSameDiscovery() {
    String yaml =
        "role: pod\napi_server: https://k:6443\nnamespaces: {names: [a]}\n"
            + "authorization: {credentials: s3cr3t}\n";
    KubernetesSdConfig a = DiscovererRun.parse(yaml, Compat.PROMETHEUS_3);
    KubernetesSdConfig b = DiscovererRun.parse("# moved\n\n" + yaml, Compat.PROMETHEUS_3);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(DiscovererRun.parse(yaml, Compat.PROMETHEUS_2));
    assertThat(a)
        .isNotEqualTo(DiscovererRun.parse(yaml.replace("s3cr3t", "other"), Compat.PROMETHEUS_3));
    assertThat(a.role()).isEqualTo(Role.POD);
    assertThat(a.mechanism()).isEqualTo("kubernetes");
  }

  @Test
  void secretsAreNeverPrinted() {
    KubernetesSdConfig c =
        DiscovererRun.parse(
            "role: node\napi_server: https://k:6443\nbasic_auth: {username: u, password: hunter2}\n",
            Compat.PROMETHEUS_3);
    assertThat(c.toString()).doesNotContain("hunter2").contains("<secret>");
    KubernetesSdConfig t =
        DiscovererRun.parse(
            "role: node\napi_server: https://k:6443\nbearer_token: tok3n\n", Compat.PROMETHEUS_3);
    assertThat(t.toString()).doesNotContain("tok3n");
  }

  @Test
  void bearerTokenIsNormalizedToAuthorization() {
    KubernetesSdConfig a =
        DiscovererRun.parse(
            "role: node\napi_server: https://k:6443\nbearer_token: t\n", Compat.PROMETHEUS_3);
    KubernetesSdConfig b =
        DiscovererRun.parse(
            "role: node\napi_server: https://k:6443\nauthorization: {credentials: t}\n",
            Compat.PROMETHEUS_3);
    assertThat(a.http()).isEqualTo(b.http());
  }

  @Test
  void unknownFieldsAreTypeErrorsAtTheirLine() {
    assertThatThrownBy(() -> DiscovererRun.parse("role: pod\nfoo: 1\n", Compat.PROMETHEUS_3))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce ->
                assertThat(ce.reason())
                    .isEqualTo(
                        "yaml: unmarshal errors:\n  line 2: field foo not found in type kubernetes.plain"));
  }

  @Test
  void labelSelectorErrorsAreApimachinerys() {
    assertThatThrownBy(() -> LabelSelector.parse("a in b"))
        .hasMessage("unable to parse requirement: found 'b' expected: '('");
    assertThatThrownBy(() -> LabelSelector.parse("a=b,"))
        .hasMessage("found '', expected: identifier after ','");
    assertThat(LabelSelector.parse("x in (foo,,baz),y,z notin ()").requirements()).hasSize(3);
    assertThat(LabelSelector.parse("env!=prod,!legacy").matches(Map.of("env", "dev"))).isTrue();
  }
}
