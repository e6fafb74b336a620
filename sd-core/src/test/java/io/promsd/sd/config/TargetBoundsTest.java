package io.promsd.sd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.sd.internal.config.TargetGroups;
import io.promsd.sd.spi.TargetGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bounds on what one target group may hold (issue 17): a file SD (or http SD) group of a million
 * labels took minutes to read, and a 100 MB label value was carried into every output. Past {@link
 * TargetGroups#MAX_LABELS} labels or {@link TargetGroups#MAX_VALUE_CHARS} characters in a value the
 * group is an error naming the file, the line and the label.
 */
class TargetBoundsTest {
  private static String jsonLabels(int n) {
    StringBuilder b = new StringBuilder("[{\"targets\": [\"a:1\"],\n \"labels\": {");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("\"l").append(i).append("\": \"v\"");
    }
    return b.append("}}]").toString();
  }

  private static String yamlLabels(int n) {
    StringBuilder b = new StringBuilder("- targets: [a:1]\n  labels:\n");
    for (int i = 0; i < n; i++) {
      b.append("    l").append(i).append(": v\n");
    }
    return b.toString();
  }

  private static List<TargetGroup> json(String text) {
    return TargetGroups.decodeJsonFile(
        Documents.parseJson(text, "t.json"), "t.json", Compat.PROMETHEUS_3, "t.json");
  }

  private static List<TargetGroup> yaml(String text) {
    return TargetGroups.decodeYamlFile(
        Documents.parseYaml(text, "t.yml"), "t.yml", Compat.PROMETHEUS_3, "t.yml");
  }

  @Test
  void tenThousandLabelsAreAcceptedOneMoreIsAnError() {
    assertThat(json(jsonLabels(TargetGroups.MAX_LABELS)).get(0).labels().size())
        .isEqualTo(TargetGroups.MAX_LABELS);
    assertThat(yaml(yamlLabels(TargetGroups.MAX_LABELS)).get(0).labels().size())
        .isEqualTo(TargetGroups.MAX_LABELS);
    assertThatThrownBy(() -> json(jsonLabels(TargetGroups.MAX_LABELS + 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target group has 10001 labels, more than the 10000 promsd accepts")
        .extracting(e -> ((ConfigException) e).getMessage())
        .asString()
        .startsWith("t.json:2: ");
    assertThatThrownBy(() -> yaml(yamlLabels(TargetGroups.MAX_LABELS + 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target group has 10001 labels")
        .extracting(e -> ((ConfigException) e).getMessage())
        .asString()
        .startsWith("t.yml:1: ");
  }

  @Test
  void aMillionLabelsAreRefusedBeforeAnyIsSorted() {
    // the bound is checked on the count: the million are never inserted one by one
    assertThatThrownBy(() -> json(jsonLabels(1_000_000)))
        .hasMessageContaining("target group has 1000000 labels");
  }

  @Test
  void aValueOrAddressOverOneMebicharacterIsAnError() {
    String big = "v".repeat(TargetGroups.MAX_VALUE_CHARS + 1);
    String ok = "v".repeat(TargetGroups.MAX_VALUE_CHARS);
    assertThat(json("[{\"targets\": [\"a:1\"], \"labels\": {\"x\": \"" + ok + "\"}}]")).hasSize(1);
    assertThatThrownBy(
            () -> json("[{\"targets\": [\"a:1\"],\n \"labels\": {\"x\": \"" + big + "\"}}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label \"x\" is 1048577 characters long, more than the 1048576");
    assertThatThrownBy(() -> yaml("- targets: [a:1]\n  labels:\n    x: " + big + "\n"))
        .hasMessageContaining("label \"x\" is 1048577 characters long");
    assertThatThrownBy(() -> json("[{\"targets\": [\"" + big + "\"]}]"))
        .hasMessageContaining("target \"" + "v".repeat(64) + "...\" is 1048577 characters long");
    assertThatThrownBy(() -> yaml("- targets: [" + big + "]\n"))
        .hasMessageContaining("characters long, more than the 1048576 promsd accepts");
  }
}
