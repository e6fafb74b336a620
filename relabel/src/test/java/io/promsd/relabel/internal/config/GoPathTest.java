package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's path/filepath (Clean, Join, Match, Glob) and prometheus/common's JoinDir. */
class GoPathTest {
  @TempDir Path dir;

  // Go's filepath.Match: * and ? never cross a separator, [^...] negates, \ escapes.
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
  void matchIsGos(String pattern, String name, boolean matches) {
    assertThat(GoPath.match(pattern, name)).isEqualTo(matches);
  }

  @Test
  void malformedPatternsAreGosSyntaxError() {
    assertThatThrownBy(() -> GoPath.match("[abc", "a"))
        .isInstanceOf(GoPath.BadPatternException.class)
        .hasMessage("syntax error in pattern");
    assertThatThrownBy(() -> GoPath.match("abc\\", "abc"))
        .isInstanceOf(GoPath.BadPatternException.class);
    // Go checks the rest of a pattern even after a mismatch
    assertThatThrownBy(() -> GoPath.match("x[", "a"))
        .isInstanceOf(GoPath.BadPatternException.class);
  }

  @Test
  void globListsMatchesSortedAndPlainNamesOnlyIfTheyExist() throws IOException {
    for (String n : new String[] {"b.yml", "a.yml", "c.json"}) {
      Files.writeString(dir.resolve(n), "");
    }
    String d = dir.toString();
    assertThat(GoPath.glob(d + "/*.yml")).containsExactly(d + "/a.yml", d + "/b.yml");
    assertThat(GoPath.glob(d + "/c.json")).containsExactly(d + "/c.json");
    assertThat(GoPath.glob(d + "/d.json")).isEmpty();
    assertThat(GoPath.glob(d + "/none/*.yml")).isEmpty();
    // relative patterns are read from the working directory given and stay relative
    assertThat(GoPath.glob("*.yml", dir)).containsExactly("a.yml", "b.yml");
  }

  @ParameterizedTest(name = "JoinDir({0}, {1}) = {2}")
  @CsvSource({
    "conf, a.yml, conf/a.yml",
    "conf, ./a.yml, conf/a.yml",
    "conf, ../a.yml, a.yml",
    "conf, ../../a.yml, ../a.yml",
    "conf, /etc/a.yml, /etc/a.yml",
    "'', a//b/./c, a/b/c",
    "/etc/prometheus, x/../y, /etc/prometheus/y",
  })
  void joinDirCleansRelativePathsAndKeepsAbsoluteOnes(String dir, String path, String joined) {
    assertThat(GoPath.joinDir(Path.of(dir), path)).isEqualTo(joined);
  }

  @Test
  void joinDirKeepsEmptyPathsAndCleanIsGos() {
    assertThat(GoPath.joinDir(Path.of("conf"), "")).isEmpty();
    assertThat(GoPath.joinDir(null, "./x")).isEqualTo("x");
    assertThat(GoPath.clean("")).isEqualTo(".");
    assertThat(GoPath.clean("/../a/")).isEqualTo("/a");
    assertThat(GoPath.clean("a/..")).isEqualTo(".");
    assertThat(GoPath.dir(Path.of("prometheus.yml"))).isEqualTo(Path.of(""));
  }
}
