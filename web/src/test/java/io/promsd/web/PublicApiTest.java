package io.promsd.web;

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
 * The module's public surface, pinned: the server and its builder, routing, the web config, limits,
 * the request observer and log hooks, and two Go helpers; everything else is package-private.
 */
class PublicApiTest {
  @Test
  void publicTypesArePinned() throws IOException, URISyntaxException {
    Path classes =
        Path.of(WebServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/promsd/web");
    List<String> publicTypes;
    try (Stream<Path> files = Files.list(classes)) {
      publicTypes =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class"))
              .map(n -> n.substring(0, n.length() - ".class".length()))
              .filter(n -> !n.equals("package-info"))
              .filter(n -> Modifier.isPublic(load(n).getModifiers()))
              .sorted()
              .toList();
    }
    assertThat(publicTypes)
        .containsExactly(
            "BodyTooLargeException",
            "ListenAddress",
            "ObservedRequest",
            "RequestObserver",
            "RoutePrefix",
            "Router",
            "WebConfig",
            "WebConfig$TlsServerConfig",
            "WebHandler",
            "WebLimits",
            "WebLog",
            "WebRequest",
            "WebResponse",
            "WebServer",
            "WebServer$Builder");
  }

  @Test
  void publicSignaturesShowOnlyPublicTypes() {
    for (Class<?> c :
        List.of(
            WebServer.class,
            WebServer.Builder.class,
            Router.class,
            WebConfig.class,
            WebRequest.class,
            WebResponse.class)) {
      for (var m : c.getMethods()) {
        assertThat(
                Modifier.isPublic(m.getReturnType().getModifiers())
                    || m.getReturnType().isPrimitive())
            .as("return type of %s", m)
            .isTrue();
        for (Class<?> p : m.getParameterTypes()) {
          assertThat(Modifier.isPublic(p.getModifiers()) || p.isPrimitive())
              .as("parameter of %s", m)
              .isTrue();
        }
      }
    }
  }

  private static Class<?> load(String simpleName) {
    try {
      return Class.forName("io.promsd.web." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
