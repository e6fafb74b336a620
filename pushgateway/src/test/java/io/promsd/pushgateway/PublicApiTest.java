package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the gateway and its builder, and the pushed groups it
 * reports), so that a type joins or leaves the public surface only on purpose: package-private is
 * the default. Also checks that no public signature shows a type of an {@code internal} package
 * (promsd's shared plumbing, which is not API).
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(Pushgateway.class))
        .containsExactly("io.promsd.pushgateway.PushedGroup", "io.promsd.pushgateway.Pushgateway");
    assertThat(PublicApi.internalTypes(Pushgateway.class)).isEmpty();
  }

  @Test
  void noPublicSignatureShowsAnInternalType() {
    assertThat(PublicApi.internalTypesInSignatures(Pushgateway.class)).isEmpty();
  }
}
