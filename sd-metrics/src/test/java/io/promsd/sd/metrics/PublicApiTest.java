package io.promsd.sd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (one entry point), so that a type joins or leaves the
 * public surface only on purpose: package-private is the default.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(SdMetrics.class))
        .containsExactly("io.promsd.sd.metrics.SdMetrics");
  }
}
