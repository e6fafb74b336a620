package io.promsd.relabel.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared fixtures are: the {@code promsd.testdata} system property the build sets, else
 * {@code ../testdata} from a module's directory (an IDE run).
 */
public final class TestData {
  private TestData() {}

  /** The testdata folder; fails when it does not exist, so no test passes on nothing. */
  public static Path root() {
    String p = System.getProperty("promsd.testdata");
    Path root = (p != null ? Path.of(p) : Path.of("..", "testdata")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("no testdata folder at " + root);
    }
    return root;
  }

  /** A path under the testdata folder. */
  public static Path resolve(String first, String... more) {
    return root().resolve(Path.of(first, more));
  }
}
