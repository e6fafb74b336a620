package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.openstack: the config record (with its role enum) and the
 * factory, nothing else; no Jackson type in any public signature.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(OpenStackSdConfig.class))
        .containsExactly(
            "io.promsd.sd.openstack.OpenStackDiscovererFactory",
            "io.promsd.sd.openstack.OpenStackSdConfig",
            "io.promsd.sd.openstack.OpenStackSdConfig.Role");
  }

  @Test
  void publicSignaturesNameNoJacksonType() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(OpenStackSdConfig.class),
                t -> t.getName().startsWith("com.fasterxml.")))
        .isEmpty();
  }

  @Test
  void theConfigsPublicMethodsAreItsComponentsAndTheSdConfigContract() {
    assertThat(PublicApi.publicMethodNames(OpenStackSdConfig.class))
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
