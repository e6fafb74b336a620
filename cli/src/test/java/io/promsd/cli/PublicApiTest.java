package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The CLI is a program, not a library: only its entry point is public. */
class PublicApiTest {
  @Test
  void onlyMainIsPublic() {
    assertThat(PublicApi.publicTypes(Main.class)).containsExactly("io.promsd.cli.Main");
  }
}
