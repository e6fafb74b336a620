package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the engine in io.promsd.relabel; the Go-faithful
 * decoding in io.promsd.relabel.internal.config, shared with the SD modules), so that a type joins
 * or leaves the public surface only on purpose: package-private is the default. (The SD modules
 * share this scan through sd-core's test kit, which this module cannot depend on.)
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() throws Exception {
    assertThat(publicTypes().stream().filter(n -> !n.contains(".internal.")))
        .containsExactly(
            "io.promsd.relabel.Compat",
            "io.promsd.relabel.ConfigException",
            "io.promsd.relabel.LabelDiff",
            "io.promsd.relabel.Labels",
            "io.promsd.relabel.NameValidation",
            "io.promsd.relabel.RelabelAction",
            "io.promsd.relabel.RelabelConfig",
            "io.promsd.relabel.RelabelConfigException",
            "io.promsd.relabel.RelabelResult",
            "io.promsd.relabel.RelabelStep",
            "io.promsd.relabel.RelabelTrace",
            "io.promsd.relabel.Relabeler");
  }

  @Test
  void internalTypesAreExactlyThese() throws Exception {
    assertThat(publicTypes().stream().filter(n -> n.contains(".internal.")))
        .containsExactly(
            "io.promsd.relabel.internal.config.Decoder",
            "io.promsd.relabel.internal.config.Documents",
            "io.promsd.relabel.internal.config.Fields",
            "io.promsd.relabel.internal.config.GoPath",
            "io.promsd.relabel.internal.config.GoText",
            "io.promsd.relabel.internal.config.Node");
  }

  private static List<String> publicTypes() throws Exception {
    Path root =
        Path.of(Relabeler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
