package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (RelabelTests and RelabelAssertions for users;
 * io.promsd.relabel.junit.internal is shared with the CLI and is not API), so that a type joins or
 * leaves the public surface only on purpose: package-private is the default.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(RelabelTests.class))
        .containsExactly(
            "io.promsd.relabel.junit.RelabelAssertions", "io.promsd.relabel.junit.RelabelTests");
  }

  @Test
  void internalTypesAreExactlyThese() {
    assertThat(PublicApi.internalTypes(RelabelTests.class))
        .containsExactly(
            "io.promsd.relabel.junit.internal.JUnitXmlReport",
            "io.promsd.relabel.junit.internal.RelabelSuiteResult",
            "io.promsd.relabel.junit.internal.RelabelTestCase",
            "io.promsd.relabel.junit.internal.RelabelTestCommand",
            "io.promsd.relabel.junit.internal.RelabelTestFile",
            "io.promsd.relabel.junit.internal.RelabelTestResult",
            "io.promsd.relabel.junit.internal.RelabelTestRunner",
            "io.promsd.relabel.junit.internal.TextReport");
  }
}
