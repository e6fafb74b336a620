package io.promsd.relabel.junit;

import io.promsd.relabel.ConfigException;
import io.promsd.relabel.junit.internal.RelabelTestFile;
import io.promsd.relabel.junit.internal.RelabelTestResult;
import io.promsd.relabel.junit.internal.RelabelTestRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * Relabel test files as JUnit 5 dynamic tests, for a {@code @TestFactory}: one {@link DynamicTest}
 * per test in the file, named by the test, whose failure message shows the expected and actual
 * outcome, the label diff and the rule-by-rule trace. Each test's source is its line in the file,
 * so IDEs can jump to it.
 *
 * <pre>{@code
 * class RelabelRulesTest {
 *   @TestFactory
 *   Stream<DynamicTest> kubernetesPods() {
 *     return RelabelTests.forFile(Path.of("src/test/relabel/kubernetes-pods.test.yml"));
 *   }
 * }
 * }</pre>
 *
 * <p>A file that cannot be loaded gives one failing test, named {@code (invalid file)}, whose
 * message is the located error. Stateless.
 */
public final class RelabelTests {
  private RelabelTests() {}

  /** One dynamic test per test of {@code file}. */
  public static Stream<DynamicTest> forFile(Path file) {
    RelabelTestFile loaded;
    try {
      loaded = RelabelTestFile.load(file);
    } catch (ConfigException | IOException e) {
      return Stream.of(invalid(file, RelabelTestRunner.loadError(e, file)));
    }
    return loaded.tests().stream()
        .map(
            t ->
                DynamicTest.dynamicTest(
                    t.name(),
                    source(file, t.line()),
                    () -> {
                      RelabelTestResult r = loaded.run(t);
                      if (!r.passed()) {
                        throw Failures.of(r);
                      }
                    }));
  }

  /** One container per file, named by the file, holding {@link #forFile} of it. */
  public static Stream<DynamicContainer> forFiles(Path... files) {
    return forFiles(Arrays.asList(files));
  }

  /** One container per file, named by the file, holding {@link #forFile} of it. */
  public static Stream<DynamicContainer> forFiles(Collection<Path> files) {
    return files.stream()
        .map(f -> DynamicContainer.dynamicContainer(f.toString(), source(f, 0), forFile(f)));
  }

  private static DynamicTest invalid(Path file, String error) {
    return DynamicTest.dynamicTest(
        "(invalid file)",
        source(file, 0),
        () -> {
          throw new AssertionError(error);
        });
  }

  private static URI source(Path file, int line) {
    URI uri = file.toAbsolutePath().normalize().toUri();
    return line > 0 ? URI.create(uri + "?line=" + line) : uri;
  }
}
