package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (the engine in io.promsd.relabel; the Go-faithful
 * decoding in io.promsd.relabel.config, shared with the SD modules), so that a type joins or leaves
 * the public surface only on purpose: package-private is the default.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(Relabeler.class))
        .containsExactly(
            "io.promsd.relabel.Compat",
            "io.promsd.relabel.LabelDiff",
            "io.promsd.relabel.Labels",
            "io.promsd.relabel.NameValidation",
            "io.promsd.relabel.RelabelAction",
            "io.promsd.relabel.RelabelConfig",
            "io.promsd.relabel.RelabelConfigException",
            "io.promsd.relabel.RelabelResult",
            "io.promsd.relabel.RelabelStep",
            "io.promsd.relabel.RelabelTrace",
            "io.promsd.relabel.Relabeler",
            "io.promsd.relabel.config.ConfigException",
            "io.promsd.relabel.config.Decoder",
            "io.promsd.relabel.config.Documents",
            "io.promsd.relabel.config.Fields",
            "io.promsd.relabel.config.GoPath",
            "io.promsd.relabel.config.GoText",
            "io.promsd.relabel.config.Node");
  }
}
