package io.promsd.pushgateway.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the JUnit 5 extension and its assertions), so that a
 * type joins or leaves the public surface only on purpose: package-private is the default. Also
 * checks that no public signature shows a type of an {@code internal} package (promsd's shared
 * plumbing, which is not API).
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(PushgatewayExtension.class))
        .containsExactly(
            "io.promsd.pushgateway.junit.PushgatewayAssertions",
            "io.promsd.pushgateway.junit.PushgatewayExtension");
    assertThat(PublicApi.internalTypes(PushgatewayExtension.class)).isEmpty();
  }

  @Test
  void noPublicSignatureShowsAnInternalType() {
    assertThat(PublicApi.internalTypesInSignatures(PushgatewayExtension.class)).isEmpty();
  }
}
