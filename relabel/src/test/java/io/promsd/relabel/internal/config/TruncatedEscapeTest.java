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
 * first). promtool answers {@code x: "\\u12} (two digits, then the end) the same, where SnakeYAML
 * says {@code found unexpected end of stream}. Every escape case promtool 2.42 was asked about
 * (testdata/checkconfig/gen/record.py, topic yaml-escapes) is replayed by the CLI's {@code
 * CheckConfigConformanceTest}.
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
        "x: \"\\\\u12 | yaml: did not find expected hexdecimal number",
        "a:\\n  b: \"\\\\U0010ab | yaml: line 2: did not find expected hexdecimal number",
        "a:\\n  b: \"\\\\UFFFFFFFF\" | yaml: line 2: found invalid Unicode character escape code",
        "a: \"\\\\uD800\" | yaml: found invalid Unicode character escape code",
      })
  void isGoYamlsError(String escaped, String message) {
    String text = escaped.replace("\\n", "\n").replace("\\\\", "\\");
    assertThatThrownBy(() -> Documents.parseYaml(text, "f.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
