package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRulesTest {
  @TempDir Path dir;

  // Go's path.Match: * and ? never cross a separator, [^...] negates, \ escapes.
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "*.yml, jobs.yml, true",
    "*.yml, jobs.yaml, false",
    "*.yml, .hidden.yml, true",
    "job?.yml, jobs.yml, true",
    "job?.yml, job.yml, false",
    "[a-c].yml, b.yml, true",
    "[^a-c].yml, b.yml, false",
    "[^a-c].yml, d.yml, true",
    "\\*.yml, *.yml, true",
    "\\*.yml, a.yml, false",
    "a{b}.yml, a{b}.yml, true",
    "a+.yml, a+.yml, true",
  })
  void goMatch(String pattern, String name, boolean matches) {
    assertThat(JobRules.goMatchPattern(pattern).matches(name)).isEqualTo(matches);
  }

  @Test
  void malformedPatternsMatchNothing() {
    assertThat(JobRules.goMatchPattern("[abc")).isNull();
    assertThat(JobRules.goMatchPattern("abc\\")).isNull();
  }

  @Test
  void globListsMatchesSortedAndPlainNamesOnlyIfTheyExist() throws IOException {
    for (String n : new String[] {"b.yml", "a.yml", "c.json"}) {
      Files.writeString(dir.resolve(n), "");
    }
    assertThat(JobRules.glob(dir.resolve("*.yml")))
        .containsExactly(dir.resolve("a.yml"), dir.resolve("b.yml"));
    assertThat(JobRules.glob(dir.resolve("c.json"))).containsExactly(dir.resolve("c.json"));
    assertThat(JobRules.glob(dir.resolve("d.json"))).isEmpty();
    assertThat(JobRules.glob(dir.resolve("none/*.yml"))).isEmpty();
  }
}
