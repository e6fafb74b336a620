package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bytes that are not UTF-8 (issue 17, item 6). YAML: yaml.v2's reader error, no line ({@code
 * readerc.go}); JSON: each bad byte is U+FFFD as Go's {@code utf8.DecodeRune} reads it. The texts
 * are promtool 2.42's for the same bytes, recorded in {@code
 * testdata/e2e/promtool-2.42/reliability.yaml} ({@code utf8/*}).
 */
class Utf8Test {
  private static byte[] hex(String h) {
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ff, invalid leading UTF-8 octet",
    "c328, invalid trailing UTF-8 octet",
    "e2820a, invalid trailing UTF-8 octet",
    "e282, incomplete UTF-8 octet sequence",
    "c080, invalid length of a UTF-8 sequence",
    "eda080, invalid Unicode character",
    "f4908080, invalid Unicode character",
    "01ff, control characters are not allowed",
  })
  void yamlNamesTheProblemAsLibyamlDoes(String bad, String problem) {
    byte[] head = "scrape_configs:\n  - job_name: j".getBytes(StandardCharsets.UTF_8);
    byte[] tail = hex(bad);
    byte[] all = new byte[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    assertThatThrownBy(() -> Documents.yamlText(all, "p.yml"))
        .isInstanceOfSatisfying(
            ConfigException.class, ce -> assertThat(ce.reason()).isEqualTo("yaml: " + problem));
  }

  @Test
  void validYamlBytesAreTheirText() {
    assertThat(Documents.yamlText("a: é𝄞\n".getBytes(StandardCharsets.UTF_8), "p.yml"))
        .isEqualTo("a: é𝄞\n");
  }

  @Test
  void jsonBadBytesBecomeOneReplacementCharacterEach() {
    // a FF b E2 82 c C0 80 d: promtool printed "a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFDd"
    assertThat(Documents.jsonText(hex("61ff62e28263c08064")))
        .isEqualTo("a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFDd");
    assertThat(Documents.jsonText(hex("61eda0803a31"))).isEqualTo("a\uFFFD\uFFFD\uFFFD:1");
    assertThat(Documents.jsonText(hex("f09d849e"))).isEqualTo("𝄞");
  }
}
