package io.promsd.relabel.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link GoText#trimSpace} against Go's {@code strings.TrimSpace}, which trims {@code
 * unicode.IsSpace}: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and the White_Space
 * characters above Latin-1 (U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
 */
class GoTextTest {

  @Test
  void trimSpaceStripsGoWhiteSpaceAtBothEnds() {
    assertThat(GoText.trimSpace(" \t\n\u000B\f\r token \r\n")).isEqualTo("token");
    assertThat(GoText.trimSpace("\u0085\u00A0a b\u2000\u2028\u2029\u3000\u1680\u202F\u205F"))
        .isEqualTo("a b");
  }

  @Test
  void trimSpaceKeepsWhatGoDoesNotCountAsSpace() {
    // U+200B (zero width space) and U+FEFF (BOM) are format characters, not White_Space;
    // U+001C..U+001F are Java white space but not Go's.
    assertThat(GoText.trimSpace("\u200Bx\uFEFF")).isEqualTo("\u200Bx\uFEFF");
    assertThat(GoText.trimSpace("\u001Cx\u001F")).isEqualTo("\u001Cx\u001F");
  }

  @Test
  void caseMappingIsPerCodePointWithoutLocale() {
    // Go's strings.ToLower/ToUpper: U+0130 lowers to 'i' alone (Java's String.toLowerCase gives
    // "i̇"), ß has no one-code-point upper case, the title case ǅ maps to ǆ and Ǆ.
    assertThat(GoText.toLower("İSTANBUL ß ǅ")).isEqualTo("istanbul ß ǆ");
    assertThat(GoText.toUpper("İSTANBUL ß ǅ")).isEqualTo("İSTANBUL ß Ǆ");
    String ascii = "already lower";
    assertThat(GoText.toLower(ascii)).isSameAs(ascii); // nothing to change: no copy
  }

  @Test
  void listPrintsAsGoPrintsAStringSlice() {
    assertThat(GoText.list(java.util.List.of("a", "b c"))).isEqualTo("[a b c]");
    assertThat(GoText.list(java.util.List.of())).isEqualTo("[]");
  }

  @Test
  void trimSpaceOfBlankIsEmpty() {
    assertThat(GoText.trimSpace("")).isEmpty();
    assertThat(GoText.trimSpace(" \u00A0\u3000 ")).isEmpty();
  }
}
