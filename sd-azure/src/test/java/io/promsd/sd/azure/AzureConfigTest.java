package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Config validation: the cases recorded from {@code promtool check config} 2.42 ({@code
 * testdata/azure/promtool-2.42/config.yaml}, under {@code --compat=2}) and the 3.x cases written
 * from the source ({@code testdata/azure/prometheus-3/config.yaml}), through the real loader.
 */
class AzureConfigTest {

  @TestFactory
  Stream<DynamicTest> promtool242() {
    return cases("promtool-2.42/config.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    return cases("prometheus-3/config.yaml", Compat.PROMETHEUS_3);
  }

  private static Stream<DynamicTest> cases(String file, Compat compat) {
    Path path = AzureFixtures.azure().resolve(file);
    return AzureFixtures.map(AzureFixtures.yaml(path)).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = AzureFixtures.map(c);
              String name = f.get("name").text();
              String yml = AzureFixtures.prometheusYml(f.get("sd_configs").text());
              int exit = Integer.parseInt(f.get("exit").text());
              String error = f.containsKey("error") ? f.get("error").text() : null;
              if (compat == Compat.PROMETHEUS_3) {
                assertThat(f.get("source")).as("source of %s", name).isNotNull();
              }
              return DynamicTest.dynamicTest(
                  file + ":" + name,
                  () -> {
                    if (exit == 0) {
                      assertThat(AzureFixtures.all(yml, compat)).isNotEmpty();
                    } else {
                      assertThatThrownBy(() -> AzureFixtures.all(yml, compat))
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
        AzureFixtures.prometheusYml(
            """
            - environment: AzureChinaCloud
              port: 9100
              subscription_id: sub
              tenant_id: ten
              client_id: cli
              client_secret: s3cr3t-value
              refresh_interval: 2m
              authentication_method: OAuth
              resource_group: rg
              proxy_url: http://127.0.0.1:3128
            """);
    AzureSdConfig c = AzureFixtures.load(yml, Compat.PROMETHEUS_3).get(0);
    assertThat(c.environment()).isEqualTo("AzureChinaCloud");
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.subscriptionId()).isEqualTo("sub");
    assertThat(c.tenantId()).isEqualTo("ten");
    assertThat(c.clientId()).isEqualTo("cli");
    assertThat(c.clientSecret()).isEqualTo(Secret.of("s3cr3t-value"));
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.authenticationMethod()).isEqualTo("OAuth");
    assertThat(c.resourceGroup()).isEqualTo("rg");
    assertThat(c.httpClient().isDefault()).isFalse();
    assertThat(c.compat()).isEqualTo(Compat.PROMETHEUS_3);
    assertThat(c.toString()).doesNotContain("s3cr3t-value").contains("<secret>");
  }

  @Test
  void defaultsArePrometheusDefaults() {
    String yml =
        AzureFixtures.prometheusYml(
            "- subscription_id: s\n  authentication_method: ManagedIdentity\n");
    AzureSdConfig c = AzureFixtures.load(yml, Compat.PROMETHEUS_3).get(0);
    assertThat(c.environment()).isEqualTo("AzurePublicCloud");
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.port()).isEqualTo(80);
    assertThat(c.resourceGroup()).isEmpty();
    assertThat(c.clientSecret().isEmpty()).isTrue();
    assertThat(c.httpClient().isDefault()).isTrue();
    assertThat(c.mechanism()).isEqualTo("azure");
  }

  @Test
  void equalConfigsAreEqualAndDifferentOnesAreNot() {
    String a =
        AzureFixtures.prometheusYml(
            "- subscription_id: s\n  authentication_method: ManagedIdentity\n");
    String b =
        AzureFixtures.prometheusYml(
            "- subscription_id: t\n  authentication_method: ManagedIdentity\n");
    assertThat(AzureFixtures.load(a, Compat.PROMETHEUS_3))
        .isEqualTo(AzureFixtures.load(a, Compat.PROMETHEUS_3));
    assertThat(AzureFixtures.load(a, Compat.PROMETHEUS_3))
        .isNotEqualTo(AzureFixtures.load(b, Compat.PROMETHEUS_3));
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(io.promsd.sd.spi.DiscovererFactory.class).stream())
        .anyMatch(p -> p.type() == AzureDiscovererFactory.class);
    assertThat(new AzureDiscovererFactory().configKey()).isEqualTo("azure_sd_configs");
  }
}
