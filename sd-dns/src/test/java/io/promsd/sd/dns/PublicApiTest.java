package io.promsd.sd.dns;

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
 * The module's public surface: the config record and its factory; the resolver, the wire exchange
 * and the target builder are package-private.
 */
class PublicApiTest {
  private static final List<Class<?>> PUBLIC =
      List.of(DnsSdConfig.class, DnsDiscovererFactory.class);

  @Test
  void onlyTheConfigsAndTheFactoriesArePublic() throws IOException, URISyntaxException {
    Path classes =
        Path.of(DnsSdConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/promsd/sd/dns");
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
    assertThat(publicTypes).containsExactly("DnsDiscovererFactory", "DnsSdConfig");
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
      return Class.forName("io.promsd.sd.dns." + name.replace('.', '$'));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
