package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus's choice of encoding ({@code util/httputil/compression.go}), token by token. */
class ApiCompressionTest {
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "gzip|gzip",
        "deflate|deflate",
        " gzip |gzip",
        "br, gzip|gzip",
        "deflate, gzip|deflate",
        "gzip;q=0, deflate|deflate",
        "gzip;q=1.0|null",
        "GZIP|null",
        "identity|null",
        "*|null",
        "''|null",
        "null|null",
        ",,gzip|gzip",
        "br,|null",
      })
  void choosesAsPrometheus(String header, String want) {
    assertThat(ApiCompression.choose(header)).isEqualTo(want);
  }
}
