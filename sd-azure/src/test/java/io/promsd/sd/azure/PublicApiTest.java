package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.azure: the config record and the factory, nothing else; no
 * Jackson type in any public signature.
 */
class PublicApiTest {
  private static final List<Class<?>> ALL =
      List.of(
          AzureSdConfig.class,
          AzureDiscovererFactory.class,
          AzureDiscoverer.class,
          ArmClient.class,
          AzureException.class,
          Cloud.class,
          Clouds.class,
          Credentials.class,
          Http.class,
          NicCache.class,
          ResourceIds.class,
          Timing.class,
          VirtualMachine.class);

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    List<Class<?>> open = ALL.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    assertThat(open).containsExactlyInAnyOrder(AzureSdConfig.class, AzureDiscovererFactory.class);
  }

  @Test
  void publicMethodsNameNoLibraryTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : List.of(AzureSdConfig.class, AzureDiscovererFactory.class)) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers())) {
          continue;
        }
        List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
        types.add(m.getReturnType());
        for (Class<?> t : types) {
          if (t.getName().startsWith("com.fasterxml.")) {
            leaks.add(c.getSimpleName() + "." + m.getName() + ": " + t.getName());
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    List<String> names = new ArrayList<>();
    for (Method m : AzureSdConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        names.add(m.getName());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "environment",
            "port",
            "subscriptionId",
            "tenantId",
            "clientId",
            "clientSecret",
            "refreshInterval",
            "authenticationMethod",
            "resourceGroup",
            "httpClient",
            "compat",
            "mechanism",
            "newDiscoverer",
            "equals",
            "hashCode",
            "toString");
  }
}
