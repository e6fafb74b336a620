package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.ec2: exactly the documented types, and no AWS SDK type ({@code
 * software.amazon.*}) in any public or protected signature, so the SDK can change (or be shaded)
 * without breaking users.
 */
class PublicApiTest {
  private static final List<Class<?>> ALL =
      List.of(
          Ec2SdConfig.class,
          Ec2SdConfig.Filter.class,
          Ec2DiscovererFactory.class,
          Ec2Discoverer.class,
          Ec2Api.class,
          Ec2ApiException.class,
          SdkEc2Api.class,
          InstanceLabels.class,
          RegionResolver.class);

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    List<Class<?>> open = ALL.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    assertThat(open)
        .containsExactlyInAnyOrder(
            Ec2SdConfig.class, Ec2SdConfig.Filter.class, Ec2DiscovererFactory.class);
  }

  @Test
  void noSdkTypeInAnyPublicSignature() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : ALL) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c.getName() + " implements", t, leaks);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers())) {
          signature(c.getName() + "." + m.getName(), m, leaks);
          check(c.getName() + "." + m.getName() + " returns", m.getGenericReturnType(), leaks);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          signature(c.getName() + ".<init>", k, leaks);
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(c.getName() + "." + rc.getName(), rc.getGenericType(), leaks);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theCheckWouldSeeALeak() {
    List<String> leaks = new ArrayList<>();
    signature("SdkEc2Api.create", findCreate(), leaks);
    check("x", software.amazon.awssdk.regions.Region.class, leaks);
    assertThat(leaks).isNotEmpty();
  }

  private static Executable findCreate() {
    for (Method m : SdkEc2Api.class.getDeclaredMethods()) {
      if (m.getName().equals("translate")) {
        return m;
      }
    }
    throw new AssertionError();
  }

  private static boolean visible(int mod) {
    return Modifier.isPublic(mod) || Modifier.isProtected(mod);
  }

  private static void signature(String where, Executable e, List<String> leaks) {
    for (Type t : e.getGenericParameterTypes()) {
      check(where + " parameter", t, leaks);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      check(where + " throws", t, leaks);
    }
  }

  private static void check(String where, Type t, List<String> leaks) {
    check(where, t, leaks, new java.util.HashSet<>());
  }

  private static void check(String where, Type t, List<String> leaks, Set<Type> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    if (t instanceof Class<?> c) {
      Class<?> base = c;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (base.getName().startsWith("software.amazon.")) {
        leaks.add(where + ": " + base.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks, seen);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks, seen);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, leaks, seen);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, leaks, seen);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(where, b, leaks, seen);
      }
    }
  }
}
