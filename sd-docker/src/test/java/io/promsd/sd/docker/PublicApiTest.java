package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface: the two config records (with the filter record and the swarm role)
 * and their factories; the Engine API client, the JSON decoder and the target builders are
 * package-private.
 */
class PublicApiTest {
  private static final List<Class<?>> PUBLIC =
      List.of(
          DockerSdConfig.class,
          DockerSdConfig.Filter.class,
          DockerSwarmSdConfig.class,
          DockerSwarmSdConfig.Role.class,
          DockerDiscovererFactory.class,
          DockerSwarmDiscovererFactory.class);

  @Test
  void onlyTheConfigsAndTheFactoriesArePublic() throws IOException, URISyntaxException {
    Path classes =
        Path.of(DockerSdConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/promsd/sd/docker");
    List<String> publicTypes;
    try (Stream<Path> files = Files.list(classes)) {
      publicTypes =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('$', '.'))
              .filter(n -> isPublic(load(n)))
              .sorted()
              .toList();
    }
    assertThat(publicTypes)
        .containsExactly(
            "DockerDiscovererFactory",
            "DockerSdConfig",
            "DockerSdConfig.Filter",
            "DockerSwarmDiscovererFactory",
            "DockerSwarmSdConfig",
            "DockerSwarmSdConfig.Role");
  }

  @Test
  void publicSignaturesShowOnlyPublicOrJdkTypes() {
    for (Class<?> c : PUBLIC) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          assertThat(visible(m.getReturnType())).as("return type of %s", m).isTrue();
          for (Class<?> p : m.getParameterTypes()) {
            assertThat(visible(p)).as("parameter of %s", m).isTrue();
          }
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          assertThat(visible(rc.getType())).as("component %s of %s", rc.getName(), c).isTrue();
        }
      }
    }
  }

  private static boolean visible(Class<?> t) {
    return t.isPrimitive() || Modifier.isPublic(t.getModifiers());
  }

  private static boolean isPublic(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName("io.promsd.sd.docker." + name.replace('.', '$'));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
