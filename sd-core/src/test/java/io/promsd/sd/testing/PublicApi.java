package io.promsd.sd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The public surface of a module, for its {@code PublicApiTest}. */
public final class PublicApi {
  private PublicApi() {}

  /**
   * The fully qualified names of the public top-level types compiled into the same classes folder
   * (or jar) as {@code anchor}, sorted.
   */
  public static List<String> publicTypes(Class<?> anchor) {
    try {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (Stream<Path> files = Files.walk(root)) {
        return files
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .filter(n -> n.endsWith(".class") && !n.contains("$"))
            .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
            .filter(n -> !n.endsWith("package-info") && !n.equals("module-info"))
            .filter(n -> Modifier.isPublic(load(n, anchor).getModifiers()))
            .sorted()
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> load(String name, Class<?> anchor) {
    try {
      return Class.forName(name, false, anchor.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
