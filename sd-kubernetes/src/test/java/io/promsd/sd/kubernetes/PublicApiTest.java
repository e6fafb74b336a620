package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's public surface: which types are public, and that no Kubernetes type leaks. */
class PublicApiTest {

  static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("target/classes/io/promsd/sd/kubernetes");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = p.getFileName().toString().replace(".class", "");
        out.add(Class.forName("io.promsd.sd.kubernetes." + name));
      }
    }
    return out;
  }

  @Test
  void onlyTheConfigAndTheFactoryArePublic() throws Exception {
    List<String> pub = new ArrayList<>();
    for (Class<?> c : mainClasses()) {
      if (Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null) {
        pub.add(c.getSimpleName());
      }
    }
    assertThat(pub).containsExactlyInAnyOrder("KubernetesSdConfig", "KubernetesDiscovererFactory");
  }

  @Test
  void noKubernetesClientTypeInAnyPublicSignature() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : mainClasses()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      check(leaks, c + " superclass", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(leaks, c + " implements", t);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
          check(leaks, m.toString(), m.getGenericReturnType());
          for (Type t : m.getGenericParameterTypes()) {
            check(leaks, m.toString(), t);
          }
          for (Type t : m.getGenericExceptionTypes()) {
            check(leaks, m.toString(), t);
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(leaks, k.toString(), t);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(leaks, f.toString(), f.getGenericType());
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(leaks, rc.toString(), rc.getGenericType());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void check(List<String> leaks, String where, Type t) {
    if (t == null) {
      return;
    }
    String s = t.getTypeName();
    if (s.contains("io.kubernetes") || s.contains("okhttp3") || s.contains("com.google.gson")) {
      leaks.add(where + " -> " + s);
    }
  }

  @Test
  void factoryIsRegisteredForServiceLoader() {
    assertThat(
            ServiceLoader.load(io.promsd.sd.spi.DiscovererFactory.class).stream()
                .map(p -> p.get().configKey()))
        .contains("kubernetes_sd_configs");
  }

  @Test
  void parsingBuildsNoClient() {
    // newDiscoverer must be cheap: no client class is initialised by parsing or construction.
    KubernetesSdConfig c =
        DiscovererRun.parse(
            "role: pod\napi_server: https://127.0.0.1:1", io.promsd.relabel.Compat.PROMETHEUS_3);
    assertThat(c.newDiscoverer()).isNotNull();
  }
}
