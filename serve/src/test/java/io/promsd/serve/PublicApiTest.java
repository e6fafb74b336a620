package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public surface: {@link DiscoveryServer} and its builder, whose signatures show
 * only API types (the web plumbing it runs on is in {@code io.promsd.web.internal}, not API).
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(DiscoveryServer.class))
        .containsExactly("io.promsd.serve.DiscoveryServer");
    assertThat(PublicApi.internalTypes(DiscoveryServer.class)).isEmpty();
  }

  @Test
  void noPublicSignatureShowsAnInternalType() {
    assertThat(PublicApi.internalTypesInSignatures(DiscoveryServer.class)).isEmpty();
  }
}
