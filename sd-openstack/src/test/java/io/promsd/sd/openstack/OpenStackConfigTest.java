package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.sd.httpclient.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Config validation: the cases recorded from {@code promtool check config} 2.42 ({@code
 * testdata/openstack/promtool-2.42/config.yaml}, under {@code --compat=2}) and the 3.x cases
 * written from the source ({@code testdata/openstack/prometheus-3/config.yaml}), through the real
 * loader.
 */
class OpenStackConfigTest {

  @TestFactory
  Stream<DynamicTest> promtool242() {
    return cases("promtool-2.42/config.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    return cases("prometheus-3/config.yaml", Compat.PROMETHEUS_3);
  }

  private static Stream<DynamicTest> cases(String file, Compat compat) {
    Path path = OpenStackFixtures.openstack().resolve(file);
    JsonNode doc = OpenStackFixtures.yaml(path);
    return StreamSupport.stream(doc.get("cases").spliterator(), false)
        .map(
            c -> {
              String name = c.get("name").asText();
              String yml = OpenStackFixtures.prometheusYml(c.get("sd_configs").asText());
              int exit = c.get("exit").asInt();
              String error = c.has("error") ? c.get("error").asText() : null;
              if (compat == Compat.PROMETHEUS_3) {
                assertThat(c.has("source")).as("source of %s", name).isTrue();
              }
              return DynamicTest.dynamicTest(
                  file + ":" + name,
                  () -> {
                    if (exit == 0) {
                      assertThat(OpenStackFixtures.all(yml, compat)).isNotEmpty();
                    } else {
                      assertThatThrownBy(() -> OpenStackFixtures.all(yml, compat))
                          .isInstanceOfSatisfying(
                              ConfigException.class,
                              ce -> assertThat(ce.reason()).isEqualTo(error));
                    }
                  });
            });
  }

  @Test
  void everyFieldIsRead() {
    String yml =
        OpenStackFixtures.prometheusYml(
            """
            - identity_endpoint: https://keystone.example.com:5000/v3
              username: u
              userid: uid
              password: s3cr3t-password
              project_name: pn
              project_id: pid
              domain_name: dn
              domain_id: did
              application_credential_name: acn
              application_credential_id: aci
              application_credential_secret: s3cr3t-appcred
              role: hypervisor
              region: RegionTwo
              refresh_interval: 2m
              port: 9100
              all_tenants: true
              availability: admin
              tls_config: {insecure_skip_verify: true, server_name: k}
            """);
    OpenStackSdConfig c = OpenStackFixtures.one(yml, Compat.PROMETHEUS_3);
    assertThat(c.identityEndpoint()).isEqualTo("https://keystone.example.com:5000/v3");
    assertThat(c.username()).isEqualTo("u");
    assertThat(c.userId()).isEqualTo("uid");
    assertThat(c.password()).isEqualTo(Secret.of("s3cr3t-password"));
    assertThat(c.projectName()).isEqualTo("pn");
    assertThat(c.projectId()).isEqualTo("pid");
    assertThat(c.domainName()).isEqualTo("dn");
    assertThat(c.domainId()).isEqualTo("did");
    assertThat(c.applicationCredentialName()).isEqualTo("acn");
    assertThat(c.applicationCredentialId()).isEqualTo("aci");
    assertThat(c.applicationCredentialSecret()).isEqualTo(Secret.of("s3cr3t-appcred"));
    assertThat(c.role()).isEqualTo(OpenStackSdConfig.Role.HYPERVISOR);
    assertThat(c.region()).isEqualTo("RegionTwo");
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.allTenants()).isTrue();
    assertThat(c.availability()).isEqualTo("admin");
    assertThat(c.tls().insecureSkipVerify()).isTrue();
    assertThat(c.tls().serverName()).isEqualTo("k");
    assertThat(c.compat()).isEqualTo(Compat.PROMETHEUS_3);
    assertThat(c.toString())
        .doesNotContain("s3cr3t-password")
        .doesNotContain("s3cr3t-appcred")
        .contains("<secret>");
  }

  @Test
  void defaultsArePrometheusDefaults() {
    String yml = OpenStackFixtures.prometheusYml("- role: instance\n  region: R\n");
    OpenStackSdConfig c = OpenStackFixtures.one(yml, Compat.PROMETHEUS_2);
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.port()).isEqualTo(80);
    assertThat(c.availability()).isEqualTo("public");
    assertThat(c.allTenants()).isFalse();
    assertThat(c.identityEndpoint()).isEmpty();
    assertThat(c.mechanism()).isEqualTo("openstack");
  }

  @Test
  void loadbalancerIsA3xRole() {
    String yml = OpenStackFixtures.prometheusYml("- role: loadbalancer\n  region: R\n");
    assertThat(OpenStackFixtures.one(yml, Compat.PROMETHEUS_3).role())
        .isEqualTo(OpenStackSdConfig.Role.LOADBALANCER);
  }

  @Test
  void equalConfigsAreEqualAndDifferentOnesAreNot() {
    String a = OpenStackFixtures.prometheusYml("- role: instance\n  region: R\n  password: x\n");
    String b = OpenStackFixtures.prometheusYml("- role: instance\n  region: R\n  password: y\n");
    assertThat(OpenStackFixtures.one(a, Compat.PROMETHEUS_3))
        .isEqualTo(OpenStackFixtures.one(a, Compat.PROMETHEUS_3));
    assertThat(OpenStackFixtures.one(a, Compat.PROMETHEUS_3))
        .isNotEqualTo(OpenStackFixtures.one(b, Compat.PROMETHEUS_3));
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(io.promsd.sd.spi.DiscovererFactory.class).stream())
        .anyMatch(p -> p.type() == OpenStackDiscovererFactory.class);
    assertThat(new OpenStackDiscovererFactory().configKey()).isEqualTo("openstack_sd_configs");
  }
}
