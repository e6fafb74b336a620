package io.promsd.sd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The public surface of a module, for its {@code PublicApiTest}: the API (public top-level types
 * outside {@code internal} packages) and, pinned apart so that nothing slips in unnoticed, the
 * public types of its {@code internal} packages, which other promsd modules use but which are not
 * API (they may change in any release).
 */
public final class PublicApi {
  private PublicApi() {}

  /**
   * The fully qualified names of the public top-level types outside {@code internal} packages
   * compiled into the same classes folder (or jar) as {@code anchor}, sorted: the module's API.
   */
  public static List<String> publicTypes(Class<?> anchor) {
    return allPublicTypes(anchor).stream().filter(n -> !isInternal(n)).toList();
  }

  /**
   * The fully qualified names of the public top-level types in {@code internal} packages (a package
   * with a segment named {@code internal}, as in {@code io.promsd.web.internal}) compiled into the
   * same classes folder (or jar) as {@code anchor}, sorted.
   */
  public static List<String> internalTypes(Class<?> anchor) {
    return allPublicTypes(anchor).stream().filter(PublicApi::isInternal).toList();
  }

  /** Whether the type named {@code fqn} is in an {@code internal} package. */
  public static boolean isInternal(String fqn) {
    String[] parts = fqn.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals("internal")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the API of the module of {@code anchor} shows an internal type: one {@code Type#member:
   * internal.Type} line for each public or protected constructor, method or field (and supertype)
   * of a public type, or of a public type nested in one, whose signature names a type in an {@code
   * internal} package. Sorted, no duplicates.
   */
  public static List<String> internalTypesInSignatures(Class<?> anchor) {
    List<String> out = new ArrayList<>();
    for (String name : publicTypes(anchor)) {
      collect(load(name, anchor), out);
    }
    return out.stream().distinct().sorted().toList();
  }

  private static void collect(Class<?> c, List<String> out) {
    String owner = c.getName().substring(c.getPackageName().length() + 1);
    if (c.getGenericSuperclass() != null) {
      scan(owner + "#extends", c.getGenericSuperclass().getTypeName(), out);
    }
    for (Type t : c.getGenericInterfaces()) {
      scan(owner + "#implements", t.getTypeName(), out);
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers()) && !k.isSynthetic()) {
        scan(owner + "#<init>", k.toGenericString(), out);
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        scan(owner + "#" + m.getName(), m.toGenericString(), out);
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        scan(owner + "#" + f.getName(), f.toGenericString(), out);
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

  private static void scan(String where, String signature, List<String> out) {
    Matcher m = NAME.matcher(signature);
    while (m.find()) {
      if (isInternal(m.group())) {
        out.add(where + ": " + m.group());
      }
    }
  }

  private static final Pattern NAME = Pattern.compile("[\\w.$]+");

  private static List<String> allPublicTypes(Class<?> anchor) {
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
