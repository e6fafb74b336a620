package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Config validation: the cases recorded from {@code promtool check config} 2.42 ({@code
 * testdata/ec2/promtool-2.42/config.yaml}, under {@code --compat=2}) and the 3.x cases written from
 * the source ({@code testdata/ec2/prometheus-3/config.yaml}), through the real factory.
 */
class Ec2ConfigTest {

  @TestFactory
  Stream<DynamicTest> promtool242() {
    return cases("promtool-2.42/config.yaml", Compat.PROMETHEUS_2);
  }

  @TestFactory
  Stream<DynamicTest> prometheus3() {
    return cases("prometheus-3/config.yaml", Compat.PROMETHEUS_3);
  }

  private static Stream<DynamicTest> cases(String file, Compat compat) {
    Path path = Ec2Fixtures.ec2().resolve(file);
    return Ec2Fixtures.map(Ec2Fixtures.yaml(path)).get("cases").items().stream()
        .map(
            c -> {
              Map<String, Node> f = Ec2Fixtures.map(c);
              String name = f.get("name").text();
              String yml = Ec2Fixtures.prometheusYml(f.get("sd_configs").text());
              int exit = Integer.parseInt(f.get("exit").text());
              String error = f.containsKey("error") ? f.get("error").text() : null;
              return DynamicTest.dynamicTest(
                  file + ":" + name,
                  () -> {
                    if (exit == 0) {
                      assertThat(Ec2Fixtures.parse(yml, compat, Ec2Fixtures.noRegion()))
                          .isNotEmpty();
                    } else {
                      assertThatThrownBy(
                              () -> Ec2Fixtures.parse(yml, compat, Ec2Fixtures.noRegion()))
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
        Ec2Fixtures.prometheusYml(
            """
            - region: eu-west-1
              endpoint: https://ec2.example
              access_key: AKID
              secret_key: s3cr3t-value
              profile: prod
              role_arn: arn:aws:iam::1:role/p
              external_id: ext
              refresh_interval: 2m
              port: 9100
              filters:
                - name: tag:env
                  values: [prod, "stag*"]
              proxy_url: http://127.0.0.1:3128
            """);
    Ec2SdConfig c = Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()).get(0);
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.endpoint()).isEqualTo("https://ec2.example");
    assertThat(c.accessKey()).isEqualTo("AKID");
    assertThat(c.secretKey()).isEqualTo(Secret.of("s3cr3t-value"));
    assertThat(c.profile()).isEqualTo("prod");
    assertThat(c.roleArn()).isEqualTo("arn:aws:iam::1:role/p");
    assertThat(c.externalId()).isEqualTo("ext");
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.filters())
        .containsExactly(new Ec2SdConfig.Filter("tag:env", List.of("prod", "stag*")));
    assertThat(c.httpClient().isDefault()).isFalse();
    assertThat(c.compat()).isEqualTo(Compat.PROMETHEUS_3);
    assertThat(c.toString()).doesNotContain("s3cr3t-value").contains("<secret>");
  }

  @Test
  void defaultsArePrometheusDefaults() {
    String yml = Ec2Fixtures.prometheusYml("- region: us-east-1\n");
    Ec2SdConfig c = Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()).get(0);
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.port()).isEqualTo(80);
    assertThat(c.filters()).isEmpty();
    assertThat(c.secretKey().isEmpty()).isTrue();
    assertThat(c.httpClient().isDefault()).isTrue();
    assertThat(c.mechanism()).isEqualTo("ec2");
  }

  @Test
  void explicitNullsAreGoZeroValues() {
    // yaml.v2 sets a field given as null to its zero value, over the defaults.
    String yml = Ec2Fixtures.prometheusYml("- region: us-east-1\n  port:\n  refresh_interval:\n");
    Ec2SdConfig c = Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()).get(0);
    assertThat(c.port()).isZero();
    assertThat(c.refreshInterval()).isZero();
  }

  @Test
  void compat2TakesTheRegionFromInstanceMetadataAtLoad() {
    RegionResolver imds =
        new RegionResolver(n -> "eu-north-1", () -> "eu-north-1", () -> "sa-east-1");
    String yml = Ec2Fixtures.prometheusYml("- access_key: a\n  secret_key: b\n");
    // 2.42 asks only the instance-metadata service, not the environment.
    assertThat(Ec2Fixtures.parse(yml, Compat.PROMETHEUS_2, imds).get(0).region())
        .isEqualTo("sa-east-1");
    // 3.x leaves it empty until discovery starts.
    assertThat(Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, imds).get(0).region()).isEmpty();
  }

  @Test
  void equalConfigsAreEqual() {
    String yml = Ec2Fixtures.prometheusYml("- region: us-east-1\n  secret_key: x\n");
    assertThat(Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()))
        .isEqualTo(Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()));
  }

  @Test
  void serviceLoaderFindsTheFactory() {
    assertThat(ServiceLoader.load(io.promsd.sd.spi.DiscovererFactory.class).stream())
        .anySatisfy(
            p -> {
              assertThat(p.type()).isEqualTo(Ec2DiscovererFactory.class);
              assertThat(p.get().configKey()).isEqualTo("ec2_sd_configs");
            });
  }
}
