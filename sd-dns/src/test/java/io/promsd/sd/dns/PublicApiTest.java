package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface: the config record and its factory; the resolver, the wire exchange
 * and the target builder are package-private.
 */
class PublicApiTest {
  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(DnsSdConfig.class))
        .containsExactly("io.promsd.sd.dns.DnsDiscovererFactory", "io.promsd.sd.dns.DnsSdConfig");
  }

  @Test
  void publicSignaturesShowOnlyPublicOrJdkTypes() {
    assertThat(
            PublicApi.signatureLeaks(
                PublicApi.reachableClasses(DnsSdConfig.class),
                t -> !t.isPrimitive() && !Modifier.isPublic(t.getModifiers())))
        .isEmpty();
  }
}
