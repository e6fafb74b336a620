package io.promsd.sd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The public surface of io.promsd.sd.http: the config record and the factory, nothing else. */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(HttpSdConfig.class))
        .containsExactly(
            "io.promsd.sd.http.HttpDiscovererFactory", "io.promsd.sd.http.HttpSdConfig");
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    assertThat(PublicApi.publicMethodNames(HttpSdConfig.class))
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
