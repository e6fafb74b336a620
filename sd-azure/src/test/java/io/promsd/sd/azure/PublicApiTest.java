package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.azure: the config record and the factory, nothing else; no
 * Jackson type in any public signature.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(AzureSdConfig.class))
        .containsExactly(
            "io.promsd.sd.azure.AzureDiscovererFactory", "io.promsd.sd.azure.AzureSdConfig");
  }

  @Test
  void publicSignaturesNameNoJacksonType() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(AzureSdConfig.class),
                t -> t.getName().startsWith("com.fasterxml.")))
        .isEmpty();
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    assertThat(PublicApi.publicMethodNames(AzureSdConfig.class))
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
