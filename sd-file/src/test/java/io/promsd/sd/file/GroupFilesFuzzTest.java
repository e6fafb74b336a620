package io.promsd.sd.file;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.sd.file.internal.GroupFiles;

/**
 * Coverage-guided fuzzing (Jazzer) of the file SD reader (issue 17): any bytes, read as a JSON and
 * as a YAML file, give target groups or a {@link ConfigException}, never another exception, within
 * Jazzer's time limit. Without {@code JAZZER_FUZZ=1} this replays the committed inputs under {@code
 * src/test/resources/io/promsd/sd/file/GroupFilesFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class GroupFilesFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void groups(byte[] bytes) {
    for (String path : new String[] {"t.json", "t.yml"}) {
      for (Compat c : Compat.values()) {
        try {
          String text =
              path.endsWith(".json") ? Documents.jsonText(bytes) : Documents.yamlText(bytes, path);
          GroupFiles.parse(text, path, c);
        } catch (ConfigException located) {
          if (located.reason() == null || located.reason().isBlank()) {
            throw new AssertionError("a ConfigException without a message", located);
          }
        }
      }
    }
  }
}
