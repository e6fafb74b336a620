package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (RelabelTests and RelabelAssertions for users;
 * io.promsd.relabel.junit.internal is shared with the CLI and is not API), so that a type joins or
 * leaves the public surface only on purpose: package-private is the default. (The SD modules share
 * this scan through sd-core's test kit, which this module cannot depend on.)
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() throws Exception {
    assertThat(publicTypes().stream().filter(n -> !n.contains(".internal.")))
        .containsExactly(
            "io.promsd.relabel.junit.RelabelAssertions", "io.promsd.relabel.junit.RelabelTests");
  }

  @Test
  void internalTypesAreExactlyThese() throws Exception {
    assertThat(publicTypes().stream().filter(n -> n.contains(".internal.")))
        .containsExactly(
            "io.promsd.relabel.junit.internal.JUnitXmlReport",
            "io.promsd.relabel.junit.internal.RelabelSuiteResult",
            "io.promsd.relabel.junit.internal.RelabelTestCase",
            "io.promsd.relabel.junit.internal.RelabelTestCommand",
            "io.promsd.relabel.junit.internal.RelabelTestFile",
            "io.promsd.relabel.junit.internal.RelabelTestResult",
            "io.promsd.relabel.junit.internal.RelabelTestRunner",
            "io.promsd.relabel.junit.internal.TextReport");
  }

  private static List<String> publicTypes() throws Exception {
    Path root =
        Path.of(RelabelTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.contains("package-info"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .filter(n -> isPublic(n))
          .sorted()
          .toList();
    }
  }

  private static boolean isPublic(String name) {
    try {
      return Modifier.isPublic(
          Class.forName(name, false, PublicApiTest.class.getClassLoader()).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
