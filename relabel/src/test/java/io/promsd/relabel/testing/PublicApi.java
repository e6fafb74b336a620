package io.promsd.relabel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The public surface of a module, for its {@code PublicApiTest}; in relabel's test-jar so that
 * every module (relabel and relabel-junit too, which cannot use sd-core's test kit) shares one
 * scan. The API is the public top-level types outside {@code internal} packages; the public types
 * of {@code internal} packages, which other promsd modules use but which are not API (they may
 * change in any release), are pinned apart so that nothing slips in unnoticed.
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
      collectInternal(load(name, anchor), out);
    }
    return out.stream().distinct().sorted().toList();
  }

  private static void collectInternal(Class<?> c, List<String> out) {
    String owner = c.getName().substring(c.getPackageName().length() + 1);
    if (c.getGenericSuperclass() != null) {
      scanInternal(owner + "#extends", c.getGenericSuperclass().getTypeName(), out);
    }
    for (Type t : c.getGenericInterfaces()) {
      scanInternal(owner + "#implements", t.getTypeName(), out);
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (shown(k.getModifiers()) && !k.isSynthetic()) {
        scanInternal(owner + "#<init>", k.toGenericString(), out);
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (shown(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        scanInternal(owner + "#" + m.getName(), m.toGenericString(), out);
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (shown(f.getModifiers()) && !f.isSynthetic()) {
        scanInternal(owner + "#" + f.getName(), f.toGenericString(), out);
      }
    }
    for (Class<?> n : c.getDeclaredClasses()) {
      if (shown(n.getModifiers())) {
        collectInternal(n, out);
      }
    }
  }

  // The dotted names in a signature's text (runs of letters, digits, '_', '.', '$').
  private static void scanInternal(String where, String signature, List<String> out) {
    int i = 0;
    while (i < signature.length()) {
      int j = i;
      while (j < signature.length() && nameChar(signature.charAt(j))) {
        j++;
      }
      if (j > i) {
        String name = signature.substring(i, j);
        if (isInternal(name)) {
          out.add(where + ": " + name);
        }
        i = j;
      } else {
        i++;
      }
    }
  }

  private static boolean nameChar(char ch) {
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '$';
  }

  private static List<String> allPublicTypes(Class<?> anchor) {
    return classes(anchor).stream()
        .filter(c -> c.getEnclosingClass() == null && Modifier.isPublic(c.getModifiers()))
        .map(Class::getName)
        .sorted()
        .toList();
  }

  /**
   * The canonical names ({@code a.b.Outer.Inner}) of every type compiled next to {@code anchor}
   * that code outside the module can name: public, and nested only in such types; sorted.
   */
  public static List<String> reachableTypes(Class<?> anchor) {
    return reachableClasses(anchor).stream().map(Class::getCanonicalName).sorted().toList();
  }

  /** The types of {@link #reachableTypes}. */
  public static List<Class<?>> reachableClasses(Class<?> anchor) {
    return classes(anchor).stream().filter(PublicApi::reachable).toList();
  }

  /** The names of the public methods {@code c} declares (not inherited, not synthetic). */
  public static List<String> publicMethodNames(Class<?> c) {
    List<String> out = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        out.add(m.getName());
      }
    }
    return out;
  }

  /**
   * Every type that {@code types} show to their users and that {@code leak} accepts, as {@code
   * "<where>: <type>"}: their supertypes, the return, parameter and exception types of their public
   * and protected methods and constructors, their public and protected fields, their record
   * components, through type arguments, bounds and array element types.
   */
  public static List<String> signatureLeaks(List<Class<?>> types, Predicate<Class<?>> leak) {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : types) {
      String n = c.getName();
      named(n + " extends", c.getGenericSuperclass(), leak, leaks);
      for (Type t : c.getGenericInterfaces()) {
        named(n + " implements", t, leak, leaks);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (shown(m.getModifiers()) && !m.isSynthetic()) {
          executable(n + "." + m.getName(), m, leak, leaks);
          named(n + "." + m.getName() + " returns", m.getGenericReturnType(), leak, leaks);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (shown(k.getModifiers())) {
          executable(n + ".<init>", k, leak, leaks);
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (shown(f.getModifiers())) {
          named(n + "." + f.getName(), f.getGenericType(), leak, leaks);
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          named(n + "." + rc.getName(), rc.getGenericType(), leak, leaks);
        }
      }
    }
    return leaks;
  }

  /**
   * The types of one method's or constructor's parameters and exceptions that {@code leak} takes.
   */
  public static List<String> signatureLeaks(Executable e, Predicate<Class<?>> leak) {
    List<String> leaks = new ArrayList<>();
    executable(e.getName(), e, leak, leaks);
    return leaks;
  }

  private static boolean shown(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void executable(
      String where, Executable e, Predicate<Class<?>> leak, List<String> leaks) {
    for (Type t : e.getGenericParameterTypes()) {
      named(where + " parameter", t, leak, leaks);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      named(where + " throws", t, leak, leaks);
    }
  }

  private static void named(String where, Type t, Predicate<Class<?>> leak, List<String> leaks) {
    named(where, t, leak, leaks, new HashSet<>());
  }

  private static void named(
      String where, Type t, Predicate<Class<?>> leak, List<String> leaks, Set<Type> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    if (t instanceof Class<?> c) {
      Class<?> base = c;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (leak.test(base)) {
        leaks.add(where + ": " + base.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      named(where, p.getRawType(), leak, leaks, seen);
      for (Type a : p.getActualTypeArguments()) {
        named(where, a, leak, leaks, seen);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        named(where, b, leak, leaks, seen);
      }
      for (Type b : w.getLowerBounds()) {
        named(where, b, leak, leaks, seen);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        named(where, b, leak, leaks, seen);
      }
    }
  }

  private static boolean reachable(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  /** Every class compiled into the classes folder (or jar) of {@code anchor}. */
  private static List<Class<?>> classes(Class<?> anchor) {
    try {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (Stream<Path> files = Files.walk(root)) {
        return files
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .filter(n -> n.endsWith(".class"))
            .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
            .filter(n -> !n.endsWith("package-info") && !n.equals("module-info"))
            .sorted()
            .<Class<?>>map(n -> load(n, anchor))
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
