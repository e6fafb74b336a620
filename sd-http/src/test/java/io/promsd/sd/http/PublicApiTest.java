package io.promsd.sd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public surface of io.promsd.sd.http: the config record and the factory, nothing else. */
class PublicApiTest {
  private static final List<Class<?>> ALL =
      List.of(
          HttpSdConfig.class,
          HttpDiscovererFactory.class,
          HttpDiscoverer.class,
          HttpFetch.class,
          HttpTargets.class,
          GoStatus.class);

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    List<Class<?>> open = ALL.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    assertThat(open).containsExactlyInAnyOrder(HttpSdConfig.class, HttpDiscovererFactory.class);
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    List<String> names = new ArrayList<>();
    for (Method m : HttpSdConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        names.add(m.getName());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "url",
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
