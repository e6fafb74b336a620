package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.junit.internal.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class RelabelTestsTest {
  @TempDir Path dir;

  /** The example suites, run through the factory as a user's build would run them. */
  @TestFactory
  Stream<DynamicContainer> examples() {
    return RelabelTests.forFiles(Examples.passing());
  }

  @Test
  void oneDynamicTestPerCaseNamedAndLocated() {
    List<DynamicTest> tests = RelabelTests.forFile(Examples.failing()).toList();
    assertThat(tests)
        .extracting(DynamicTest::getDisplayName)
        .containsExactly(
            "production nodes are kept",
            "test machines are dropped",
            "development nodes are kept",
            "host is the short name and the datacenter stays",
            "test-db-2 is dropped by the test-machine rule");
    assertThat(tests.get(1).getTestSourceUri())
        .hasValueSatisfying(
            u -> {
              assertThat(u.getScheme()).isEqualTo("file");
              assertThat(u.getPath()).endsWith("/failing/node-mistakes.test.yml");
              assertThat(u.getQuery()).isEqualTo("line=30");
            });
  }

  @Test
  void failuresCarryTheSameDiffAndTraceAsTheReport() throws Throwable {
    List<DynamicTest> tests = RelabelTests.forFile(Examples.failing()).toList();
    tests.get(0).getExecutable().execute(); // passes
    List<String> messages = new ArrayList<>();
    for (DynamicTest t : tests.subList(1, tests.size())) {
      Executable e = t.getExecutable();
      AssertionFailedError err = catchFailure(e);
      messages.add(
          "FAIL "
              + Examples.failing()
              + ": "
              + t.getDisplayName()
              + "\n"
              + err.getMessage().indent(2));
    }
    String report = Examples.failingReport(Examples.failing().toString());
    assertThat(
            "PASS "
                + Examples.failing()
                + ": production nodes are kept\n"
                + String.join("", messages))
        .isEqualTo(report);
  }

  @Test
  void expectedAndActualValuesGiveIdesALineDiff() throws Throwable {
    List<DynamicTest> tests = RelabelTests.forFile(Examples.failing()).toList();
    AssertionFailedError host = catchFailure(tests.get(3).getExecutable());
    assertThat(host.getExpected().getStringRepresentation())
        .isEqualTo(
            """
            __address__="db-2.example.com:9100"
            datacenter="fra1"
            env="production"
            host="db-2"
            """);
    assertThat(host.getActual().getStringRepresentation())
        .isEqualTo(
            """
            __address__="db-2.example.com:9100"
            dc="fra1"
            env="production"
            host="db-2.example.com"
            """);
    AssertionFailedError dev = catchFailure(tests.get(2).getExecutable());
    // at-least expectations compare only the labels they name
    assertThat(dev.getExpected().getStringRepresentation()).isEqualTo("env=\"development\"\n");
    assertThat(dev.getActual().getStringRepresentation()).isEqualTo("dropped by rule #0");
    AssertionFailedError test = catchFailure(tests.get(1).getExecutable());
    assertThat(test.getExpected().getStringRepresentation()).isEqualTo("dropped");
    assertThat(test.getActual().getStringRepresentation())
        .isEqualTo("kept\n__address__=\"test-db-1:9100\"\nenv=\"staging\"\nhost=\"test-db-1\"\n");
  }

  @Test
  void anInvalidFileIsOneFailingTest() throws Exception {
    Path bad = dir.resolve("bad.test.yml");
    Files.writeString(bad, "relabel_configs: []\ntests:\n  - {name: a, input: {}}\n");
    List<DynamicTest> tests = RelabelTests.forFile(bad).toList();
    assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly("(invalid file)");
    assertThatThrownBy(() -> tests.get(0).getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessage(bad + ":3: test \"a\": needs one of output, output_contains or dropped: true");
    List<DynamicTest> missing = RelabelTests.forFile(dir.resolve("none.yml")).toList();
    assertThatThrownBy(() -> missing.get(0).getExecutable().execute())
        .hasMessage("open " + dir.resolve("none.yml") + ": no such file or directory");
  }

  @Test
  void containersAreNamedByFile() {
    assertThat(RelabelTests.forFiles(Examples.failing()).toList())
        .extracting(DynamicContainer::getDisplayName)
        .containsExactly(Examples.failing().toString());
  }

  static AssertionFailedError catchFailure(Executable e) {
    try {
      e.execute();
    } catch (AssertionFailedError err) {
      return err;
    } catch (Throwable t) {
      throw new AssertionError("not an AssertionFailedError", t);
    }
    throw new AssertionError("the test passed");
  }
}
