package io.promsd.sd.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The public surface of io.promsd.sd.eureka: the config record and the factory, nothing else. */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(EurekaSdConfig.class))
        .containsExactly(
            "io.promsd.sd.eureka.EurekaDiscovererFactory", "io.promsd.sd.eureka.EurekaSdConfig");
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    assertThat(PublicApi.publicMethodNames(EurekaSdConfig.class))
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
