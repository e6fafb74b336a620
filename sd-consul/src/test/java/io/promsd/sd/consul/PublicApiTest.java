package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface is the config record and the factory; all else is package-private.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() throws IOException, URISyntaxException {
    Path classes =
        Path.of(ConsulSdConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/promsd/sd/consul");
    List<String> publicTypes;
    try (Stream<Path> files = Files.list(classes)) {
      publicTypes =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.contains("$"))
              .map(n -> n.substring(0, n.length() - ".class".length()))
              .filter(n -> !n.equals("package-info"))
              .filter(n -> Modifier.isPublic(load(n).getModifiers()))
              .sorted()
              .toList();
    }
    assertThat(publicTypes).containsExactly("ConsulDiscovererFactory", "ConsulSdConfig");
  }

  @Test
  void publicSignaturesShowOnlyPublicTypes() {
    for (var m : ConsulSdConfig.class.getMethods()) {
      assertThat(
              Modifier.isPublic(m.getReturnType().getModifiers())
                  || m.getReturnType().isPrimitive())
          .as("return type of %s", m)
          .isTrue();
    }
  }

  private static Class<?> load(String simpleName) {
    try {
      return Class.forName("io.promsd.sd.consul." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
