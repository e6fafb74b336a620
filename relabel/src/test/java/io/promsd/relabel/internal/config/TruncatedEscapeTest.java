package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hexadecimal escape cut short by the end of the text (issue 17, found by {@code
 * GroupFilesFuzzTest}): SnakeYAML threw {@link NumberFormatException}. The texts are promtool
 * 2.42's ({@code promtool check config}) for the same documents, as a prometheus.yml and as a file
 * SD file: {@code yaml: line 2: did not find expected hexdecimal number} for the first, {@code
 * yaml: did not find expected hexdecimal number} for the others (yaml.v2 gives no line on the
 * first). promtool answers {@code x: "\\u12} (two digits, then the end) the same; promsd still says
 * {@code found unexpected end of stream} there.
 */
class TruncatedEscapeTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "global:\\n  scrape_interval: \"\\\\u | yaml: line 2: did not find expected hexdecimal number",
        "x: \"\\\\u | yaml: did not find expected hexdecimal number",
        "- targets: [\"a\\\\x | yaml: did not find expected hexdecimal number",
        "[{\"tarxtarx\\\\u | yaml: did not find expected hexdecimal number",
      })
  void isGoYamlsError(String escaped, String message) {
    String text = escaped.replace("\\n", "\n").replace("\\\\", "\\");
    assertThatThrownBy(() -> Documents.parseYaml(text, "f.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
