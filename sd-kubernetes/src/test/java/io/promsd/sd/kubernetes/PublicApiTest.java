package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module's public surface: which types are public, and that no Kubernetes type leaks. */
class PublicApiTest {
  @Test
  void onlyTheConfigItsPartsAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(KubernetesSdConfig.class))
        .containsExactly(
            "io.promsd.sd.kubernetes.KubernetesDiscovererFactory",
            "io.promsd.sd.kubernetes.KubernetesSdConfig",
            "io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata",
            "io.promsd.sd.kubernetes.KubernetesSdConfig.Namespaces",
            "io.promsd.sd.kubernetes.KubernetesSdConfig.Role",
            "io.promsd.sd.kubernetes.KubernetesSdConfig.Selector");
  }

  @Test
  void noKubernetesClientTypeInAnyPublicSignature() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(KubernetesSdConfig.class),
                t ->
                    t.getName().startsWith("io.kubernetes.")
                        || t.getName().startsWith("okhttp3.")
                        || t.getName().startsWith("com.google.gson.")))
        .isEmpty();
  }

  @Test
  void factoryIsRegisteredForServiceLoader() {
    assertThat(
            ServiceLoader.load(io.promsd.sd.spi.DiscovererFactory.class).stream()
                .map(p -> p.get().configKey()))
        .contains("kubernetes_sd_configs");
  }

  @Test
  void parsingBuildsNoClient() {
    // newDiscoverer must be cheap: no client class is initialised by parsing or construction.
    KubernetesSdConfig c =
        DiscovererRun.parse(
            "role: pod\napi_server: https://127.0.0.1:1", io.promsd.relabel.Compat.PROMETHEUS_3);
    assertThat(c.newDiscoverer()).isNotNull();
  }
}
