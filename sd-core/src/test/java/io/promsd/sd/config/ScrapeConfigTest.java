package io.promsd.sd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeConfigTest {
  private static ScrapeConfig loaded(String yaml) {
    return ConfigLoader.parse(yaml, Path.of("p.yml"), Compat.PROMETHEUS_3).scrapeConfigs().get(0);
  }

  @Test
  void builderDefaultsAreWhatTheLoaderGivesAJobThatSetsNothing() {
    ScrapeConfig j = loaded("scrape_configs:\n  - job_name: x\n");
    assertThat(ScrapeConfig.builder("x").file(j.file()).line(j.line()).build()).isEqualTo(j);
  }

  @Test
  void toBuilderCopiesEverySetting() {
    ScrapeConfig j =
        loaded(
            """
            scrape_configs:
              - job_name: node
                scrape_interval: 7s
                scrape_timeout: 3s
                metrics_path: /m
                scheme: https
                params: {a: [b]}
                honor_labels: true
                honor_timestamps: false
                target_limit: 9
                relabel_configs: [{action: drop, source_labels: [x], regex: y}]
                static_configs: [{targets: ['h:1']}]
            """);
    ScrapeConfig copy = j.toBuilder().build();
    assertThat(copy).isEqualTo(j).hasSameHashCodeAs(j);
    assertThat(copy.toString()).isEqualTo(j.toString()).startsWith("ScrapeConfig[jobName=node, ");
    assertThat(j.toBuilder().targetLimit(10).build()).isNotEqualTo(j);
    assertThat(j.toBuilder().jobName("other").build().jobName()).isEqualTo("other");
  }

  @Test
  void collectionsAreCopied() {
    List<String> values = new ArrayList<>(List.of("1"));
    Map<String, List<String>> params = new java.util.LinkedHashMap<>(Map.of("a", values));
    ScrapeConfig c = ScrapeConfig.builder("x").params(params).build();
    params.put("b", List.of("2"));
    assertThat(c.params()).containsOnlyKeys("a");
    assertThatThrownBy(() -> c.params().put("c", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> ScrapeConfig.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jobName");
    assertThatThrownBy(() -> ScrapeConfig.builder("x").scrapeInterval(null))
        .hasMessage("scrapeInterval");
    assertThatThrownBy(() -> ScrapeConfig.builder("x").sdConfigs(null)).hasMessage("sdConfigs");
    assertThat(ScrapeConfig.builder("x").scrapeTimeout(Duration.ofSeconds(1)).build().file())
        .isNull();
  }
}
