package io.promsd.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.web.internal.Router;
import io.promsd.web.internal.WebConfig;
import io.promsd.web.internal.WebRequest;
import io.promsd.web.internal.WebResponse;
import io.promsd.web.internal.WebServer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface, pinned. The module is the HTTP plumbing of promsd's servers (serve
 * and the Pushgateway): only {@link WebLimits}, which {@code DiscoveryServer.Builder#limits} takes,
 * is API; the server, routing, the web config and the hooks are in {@code io.promsd.web.internal},
 * pinned apart so that nothing joins either list unnoticed.
 */
class PublicApiTest {
  @Test
  void publicTypesArePinned() throws IOException, URISyntaxException {
    assertThat(publicTypesIn("io/promsd/web")).containsExactly("WebLimits");
  }

  @Test
  void internalTypesArePinned() throws IOException, URISyntaxException {
    assertThat(publicTypesIn("io/promsd/web/internal"))
        .containsExactly(
            "internal.BodyTooLargeException",
            "internal.ListenAddress",
            "internal.ObservedRequest",
            "internal.RequestObserver",
            "internal.RoutePrefix",
            "internal.Router",
            "internal.WebConfig",
            "internal.WebConfig$TlsServerConfig",
            "internal.WebHandler",
            "internal.WebLog",
            "internal.WebRequest",
            "internal.WebResponse",
            "internal.WebServer",
            "internal.WebServer$Builder");
  }

  private static List<String> publicTypesIn(String dir) throws IOException, URISyntaxException {
    Path root =
        Path.of(WebLimits.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String prefix = dir.substring("io/promsd/web".length()).replace('/', '.');
    if (prefix.startsWith(".")) {
      prefix = prefix.substring(1) + ".";
    }
    String p = prefix;
    try (Stream<Path> files = Files.list(root.resolve(dir))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class"))
          .map(n -> p + n.substring(0, n.length() - ".class".length()))
          .filter(n -> !n.endsWith("package-info"))
          .filter(n -> Modifier.isPublic(load(n).getModifiers()))
          .sorted()
          .toList();
    }
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
