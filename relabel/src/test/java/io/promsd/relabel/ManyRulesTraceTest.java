package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trace over very many rules (issue 17, {@code targets --explain} with 100k rules). Each step
 * used to start from a fresh relabeling state sized to every label site of the relabeler, so a
 * trace did work quadratic in the number of rules (10k rules: 80 s; 100k: hours). The timeout is
 * generous on purpose: it only separates linear from quadratic, not fast from slow.
 */
class ManyRulesTraceTest {
  private static final int RULES = 100_000;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aTraceOfAHundredThousandRulesHasOneStepEach() {
    List<RelabelConfig> rules = new ArrayList<>(RULES);
    for (int i = 0; i < RULES; i++) {
      // Most rules do not match; every thousandth one writes a label of its own.
      String regex = i % 1000 == 0 ? "(.*)" : "nomatch" + i;
      rules.add(
          RelabelConfig.builder()
              .sourceLabels("__address__")
              .regex(regex)
              .targetLabel("l" + i)
              .replacement("v" + i)
              .build());
    }
    Relabeler r = Relabeler.compile(rules, Compat.PROMETHEUS_3);
    for (int round = 0; round < 3; round++) {
      RelabelTrace t = r.trace(Labels.of("__address__", "a:" + round, "job", "j"));
      assertThat(t.steps()).hasSize(RULES);
      assertThat(t.result().labels().size()).isEqualTo(2 + RULES / 1000);
      assertThat(t.result().labels().get("l99000")).isEqualTo("v99000");
      assertThat(t.steps().get(99_000).written()).containsExactly("l99000");
      assertThat(t.steps().get(99_001).written()).isEmpty();
      assertThat(t.steps().get(99_001).matched()).isFalse();
    }
  }
}
