package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.openstack: the config record (with its role enum) and the
 * factory, nothing else; no Jackson type in any public signature.
 */
class PublicApiTest {
  private static final List<Class<?>> ALL =
      List.of(
          OpenStackSdConfig.class,
          OpenStackSdConfig.Role.class,
          OpenStackDiscovererFactory.class,
          OpenStackDiscoverer.class,
          OpenStackException.class,
          AuthOptions.class,
          Catalog.class,
          GoJson.class,
          GoTime.class,
          Http.class,
          Hypervisors.class,
          Instances.class,
          Keystone.class,
          LoadBalancers.class,
          Pager.class,
          Timing.class);

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    List<Class<?>> open = ALL.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    assertThat(open)
        .containsExactlyInAnyOrder(
            OpenStackSdConfig.class,
            OpenStackSdConfig.Role.class,
            OpenStackDiscovererFactory.class);
  }

  @Test
  void publicMethodsNameNoLibraryTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : List.of(OpenStackSdConfig.class, OpenStackDiscovererFactory.class)) {
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
    for (Method m : OpenStackSdConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        names.add(m.getName());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "identityEndpoint",
            "username",
            "userId",
            "password",
            "projectName",
            "projectId",
            "domainName",
            "domainId",
            "applicationCredentialName",
            "applicationCredentialId",
            "applicationCredentialSecret",
            "role",
            "region",
            "refreshInterval",
            "port",
            "allTenants",
            "tls",
            "availability",
            "compat",
            "mechanism",
            "newDiscoverer",
            "equals",
            "hashCode",
            "toString");
  }
}
