package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface: the two config records (with the filter record and the swarm role)
 * and their factories; the Engine API client, the JSON decoder and the target builders are
 * package-private.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(DockerSdConfig.class))
        .containsExactly(
            "io.promsd.sd.docker.DockerDiscovererFactory",
            "io.promsd.sd.docker.DockerSdConfig",
            "io.promsd.sd.docker.DockerSdConfig.Filter",
            "io.promsd.sd.docker.DockerSwarmDiscovererFactory",
            "io.promsd.sd.docker.DockerSwarmSdConfig",
            "io.promsd.sd.docker.DockerSwarmSdConfig.Role");
  }

  @Test
  void publicSignaturesShowOnlyPublicOrJdkTypes() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(DockerSdConfig.class),
                t -> !t.isPrimitive() && !Modifier.isPublic(t.getModifiers())))
        .isEmpty();
  }
}
