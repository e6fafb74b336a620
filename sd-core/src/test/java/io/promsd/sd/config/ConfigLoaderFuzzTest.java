package io.promsd.sd.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Documents;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing (Jazzer) of the prometheus.yml loader (issue 17): any bytes give a config
 * or a {@link ConfigException}, never another exception, within Jazzer's time limit. Without {@code
 * JAZZER_FUZZ=1} this replays the committed inputs under {@code
 * src/test/resources/io/promsd/sd/config/ConfigLoaderFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class ConfigLoaderFuzzTest {
  /** Relative paths in a fuzzed config resolve here, where nothing exists. */
  private static final Path WORKING_DIR = Path.of("/nonexistent-promsd-fuzz");

  @FuzzTest(maxDuration = "3m")
  void prometheusYml(byte[] bytes) {
    for (Compat c : Compat.values()) {
      try {
        ConfigLoader.parse(
            Documents.yamlText(bytes, "prometheus.yml"), Path.of("prometheus.yml"), c, WORKING_DIR);
      } catch (ConfigException located) {
        if (located.reason() == null || located.reason().isBlank()) {
          throw new AssertionError("a ConfigException without a message", located);
        }
      }
    }
  }
}
