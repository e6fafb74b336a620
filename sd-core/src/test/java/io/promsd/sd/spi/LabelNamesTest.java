package io.promsd.sd.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expectations follow Prometheus's {@code util/strutil/strconv.go}: {@code SanitizeLabelName} is
 * {@code regexp.MustCompile("[^a-zA-Z0-9_]").ReplaceAllString(name, "_")}, and Go's regexp matches
 * one rune (code point) at a time.
 */
class LabelNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ASCII letters, digits and '_' stay
        "Name|Name",
        "_ok_9|_ok_9",
        "ok_1|ok_1",
        "0abc|0abc",
        // other ASCII: one '_' each
        "a.b-c|a_b_c",
        "a b-c|a_b_c",
        "aws:autoscaling:groupName|aws_autoscaling_groupName",
        "k8s.io/role|k8s_io_role",
        // non-ASCII in the BMP: one '_' per code point, not per UTF-8 byte
        "é|_",
        "ключ|____",
        "aéb|a_b",
        // outside the BMP: a surrogate pair is one code point, so one '_'
        "😀x|_x",
        "🚀x|_x",
        "x🚀🚀|x__",
      })
  void replacesEachCodePointOutsideTheLabelAlphabet(String name, String sanitized) {
    assertThat(LabelNames.sanitize(name)).isEqualTo(sanitized);
  }

  @Test
  void emptyStaysEmpty() {
    assertThat(LabelNames.sanitize("")).isEmpty();
  }

  @Test
  void validNameIsReturnedAsIs() {
    String name = "already_valid_1";
    assertThat(LabelNames.sanitize(name)).isSameAs(name);
  }
}
