package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface is the config record and the factory; all else is package-private.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(ConsulSdConfig.class))
        .containsExactly(
            "io.promsd.sd.consul.ConsulDiscovererFactory", "io.promsd.sd.consul.ConsulSdConfig");
  }

  @Test
  void publicSignaturesShowOnlyPublicTypes() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(ConsulSdConfig.class),
                t -> !t.isPrimitive() && !Modifier.isPublic(t.getModifiers())))
        .isEmpty();
  }
}
