package io.promsd.pushgateway.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the JUnit 5 extension and its assertions), so that a
 * type joins or leaves the public surface only on purpose: package-private is the default. Also
 * checks that no public signature shows a type of an {@code internal} package (promsd's shared
 * plumbing, which is not API). (This module does not depend on sd-core, whose test kit has the same
 * scan.)
 */
class PublicApiTest {
  private static final Pattern NAME = Pattern.compile("[\\w.$]+");

  @Test
  void publicTypesAreExactlyThese() throws Exception {
    assertThat(publicTypes())
        .containsExactly(
            "io.promsd.pushgateway.junit.PushgatewayAssertions",
            "io.promsd.pushgateway.junit.PushgatewayExtension");
  }

  @Test
  void noPublicSignatureShowsAnInternalType() throws Exception {
    List<String> found = new ArrayList<>();
    for (String name : publicTypes()) {
      collect(Class.forName(name, false, PublicApiTest.class.getClassLoader()), found);
    }
    assertThat(found).isEmpty();
  }

  private static List<String> publicTypes() throws Exception {
    Path root =
        Path.of(
            PushgatewayExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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

  private static void collect(Class<?> c, List<String> out) {
    List<String> signatures = new ArrayList<>();
    if (c.getGenericSuperclass() != null) {
      signatures.add(c.getGenericSuperclass().getTypeName());
    }
    for (var t : c.getGenericInterfaces()) {
      signatures.add(t.getTypeName());
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers())) {
        signatures.add(k.toGenericString());
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        signatures.add(m.toGenericString());
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers())) {
        signatures.add(f.toGenericString());
      }
    }
    for (String s : signatures) {
      Matcher m = NAME.matcher(s);
      while (m.find()) {
        if (m.group().contains(".internal.")) {
          out.add(c.getName() + ": " + s);
        }
      }
    }
    for (Class<?> n : c.getDeclaredClasses()) {
      if (visible(n.getModifiers())) {
        collect(n, out);
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
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
