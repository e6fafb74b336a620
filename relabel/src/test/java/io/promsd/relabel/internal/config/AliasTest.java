package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.promsd.relabel.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Aliases as yaml.v2 treats them (issue 17, item 8): no cap on their number, but a document whose
 * decoding goes mostly through aliases is refused ({@code decode.go}: {@code allowedAliasRatio}).
 * The shapes are those of {@code alias/*} in {@code testdata/e2e/promtool-2.42/reliability.yaml},
 * where promtool 2.42 accepts the first two and refuses the bomb.
 */
class AliasTest {
  @Test
  void tenThousandAndFiftyAliasesOfOneMappingAreAccepted() {
    String text = "s:\n  - &g {targets: ['a:1']}\n" + "  - *g\n".repeat(10_050);
    Node root = Documents.parseYaml(text, "p.yml");
    assertThat(root.entries().get(0).getValue().items()).hasSize(10_051);
  }

  @Test
  void mergeKeyBombIsExcessiveAliasing() {
    StringBuilder sb = new StringBuilder("s:\n  - &l0 {k: v}\n");
    for (int i = 1; i < 12; i++) {
      sb.append("  - &l").append(i).append(" {<<: [");
      for (int j = 0; j < 10; j++) {
        sb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      sb.append("]}\n");
    }
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> Documents.parseYaml(sb.toString(), "p.yml"))
                .isInstanceOfSatisfying(
                    ConfigException.class,
                    ce ->
                        assertThat(ce.reason())
                            .isEqualTo("yaml: document contains excessive aliasing")));
  }

  @Test
  void modestMergesAreAccepted() {
    StringBuilder sb = new StringBuilder("s:\n  - &c {a: '1', b: '2', c: '3'}\n");
    for (int i = 0; i < 200; i++) {
      sb.append("  - {<<: *c, n: '").append(i).append("'}\n");
    }
    Node root = Documents.parseYaml(sb.toString(), "p.yml");
    assertThat(root.entries().get(0).getValue().items().get(200).entries()).hasSize(4);
  }
}
