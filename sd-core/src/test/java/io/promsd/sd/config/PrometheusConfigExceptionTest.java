package io.promsd.sd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What an embedder catches from {@link ConfigLoader}: an sd-core type that says where. */
class PrometheusConfigExceptionTest {
  @Test
  void aBadRelabelRuleIsReportedWithFileLineJobAndRule() {
    String yaml =
        """
        scrape_configs:
          - job_name: node
            static_configs: [{targets: [a:1]}]
            relabel_configs:
              - {source_labels: [x], target_label: y}
              - {source_labels: [x], target_label: y, action: hashmod}
        """;
    assertThatThrownBy(
            () -> ConfigLoader.parse(yaml, Path.of("prometheus.yml"), Compat.PROMETHEUS_3))
        .isInstanceOfSatisfying(
            PrometheusConfigException.class,
            e -> {
              // Prometheus's text (model/relabel/relabel.go, Config.Validate), unchanged
              assertThat(e.reason())
                  .isEqualTo("relabel configuration for hashmod requires non-zero modulus");
              assertThat(e.file()).isEqualTo("prometheus.yml");
              assertThat(e.line()).isPositive();
              assertThat(e.job()).isEqualTo("node");
              assertThat(e.ruleIndex()).isEqualTo(1);
              assertThat(e.getMessage())
                  .startsWith("prometheus.yml:" + e.line() + ": job \"node\": relabel rule 1: ");
              assertThat(e.toString()).contains(e.getMessage());
              assertThat(e.getCause()).isInstanceOf(ConfigException.class);
            });
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse(null, null, Compat.PROMETHEUS_3))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("yaml");
    assertThatThrownBy(() -> ConfigLoader.parse("", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("compat");
  }
}
