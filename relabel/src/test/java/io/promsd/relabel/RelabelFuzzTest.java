package io.promsd.relabel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promsd.relabel.internal.config.Documents;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the relabel rule parser and engine (issue 17): any bytes give
 * relabeled labels or a {@link ConfigException}, never another exception, within Jazzer's time
 * limit. Without {@code JAZZER_FUZZ=1} this replays the committed inputs under {@code
 * src/test/resources/io/promsd/relabel/RelabelFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class RelabelFuzzTest {
  private static final Labels INPUT =
      Labels.of("__address__", "h:1", "a", "x", "b", "y", "tmp_q", "z");

  @FuzzTest(maxDuration = "3m")
  void rules(byte[] bytes) {
    for (Compat c : Compat.values()) {
      try {
        List<RelabelConfig> rules =
            RelabelConfig.parseYaml(Documents.yamlText(bytes, "rules.yml"), "rules.yml", c);
        Relabeler.compile(rules, c).process(INPUT);
      } catch (ConfigException located) {
        if (located.reason() == null || located.reason().isBlank()) {
          throw new AssertionError("a ConfigException without a message", located);
        }
      }
    }
  }
}
