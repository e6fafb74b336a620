package io.promsd.sd.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the config, the factory, and the group file reader the
 * CLI shares), so that a type joins or leaves the public surface only on purpose: package-private
 * is the default.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(FileSdConfig.class))
        .containsExactly(
            "io.promsd.sd.file.FileDiscovererFactory", "io.promsd.sd.file.FileSdConfig");
  }

  @Test
  void internalTypesAreExactlyThese() {
    assertThat(PublicApi.internalTypes(FileSdConfig.class))
        .containsExactly("io.promsd.sd.file.internal.GroupFiles");
  }
}
