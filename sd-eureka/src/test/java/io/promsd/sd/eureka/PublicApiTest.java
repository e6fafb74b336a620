package io.promsd.sd.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public surface of io.promsd.sd.eureka: the config record and the factory, nothing else. */
class PublicApiTest {
  private static final List<Class<?>> ALL =
      List.of(
          EurekaSdConfig.class,
          EurekaDiscovererFactory.class,
          EurekaDiscoverer.class,
          EurekaFetch.class,
          EurekaApps.class,
          GoXml.class);

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    List<Class<?>> open = ALL.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    assertThat(open).containsExactlyInAnyOrder(EurekaSdConfig.class, EurekaDiscovererFactory.class);
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    List<String> names = new ArrayList<>();
    for (Method m : EurekaSdConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        names.add(m.getName());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "server",
            "refreshInterval",
            "httpClient",
            "compat",
            "mechanism",
            "newDiscoverer",
            "equals",
            "hashCode",
            "toString");
  }
}
