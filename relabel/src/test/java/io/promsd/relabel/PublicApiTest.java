package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the engine in io.promsd.relabel; the Go-faithful
 * decoding in io.promsd.relabel.internal.config, shared with the SD modules but not API), so that a
 * type joins or leaves the public surface only on purpose: package-private is the default.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(Relabeler.class))
        .containsExactly(
            "io.promsd.relabel.Compat",
            "io.promsd.relabel.ConfigException",
            "io.promsd.relabel.LabelDiff",
            "io.promsd.relabel.Labels",
            "io.promsd.relabel.NameValidation",
            "io.promsd.relabel.RelabelAction",
            "io.promsd.relabel.RelabelConfig",
            "io.promsd.relabel.RelabelConfigException",
            "io.promsd.relabel.RelabelResult",
            "io.promsd.relabel.RelabelStep",
            "io.promsd.relabel.RelabelTrace",
            "io.promsd.relabel.Relabeler");
  }

  @Test
  void internalTypesAreExactlyThese() {
    assertThat(PublicApi.internalTypes(Relabeler.class))
        .containsExactly(
            "io.promsd.relabel.internal.config.Decoder",
            "io.promsd.relabel.internal.config.Documents",
            "io.promsd.relabel.internal.config.Fields",
            "io.promsd.relabel.internal.config.GoPath",
            "io.promsd.relabel.internal.config.GoText",
            "io.promsd.relabel.internal.config.Node");
  }
}
