package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UnicodeClasses}: Go's Unicode 13 classes spelled out for re2j (Unicode 6 tables). */
class UnicodeClassesTest {
  private static boolean matches(String re, String s) {
    return Regex.compile(re, Compat.PROMETHEUS_2).matches(s);
  }

  @Test
  void classesUseUnicode13() {
    assertThat(matches("\\pL", "\u08a1")).isTrue(); // Unicode 7
    assertThat(matches("\\p{Cherokee}", "\uab70")).isTrue(); // Unicode 8
    assertThat(matches("\\p{Adlam}+", "\ud83a\udd00")).isTrue(); // Unicode 9, a script re2j lacks
    assertThat(matches("\\p{Nd}", "\u0ce6")).isTrue();
    assertThat(matches("\\P{L}", "\u08a1")).isFalse();
    assertThat(matches("\\p{^L}", "1")).isTrue();
    assertThat(matches("[^\\pL\\d]", "\u08a1")).isFalse();
    assertThat(matches("[x\\p{Lu}]", "\u1c90")).isTrue(); // Georgian Mtavruli, Unicode 11
    assertThat(matches("\\pL", "\u0378")).isFalse(); // unassigned
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void foldingCyrillicExtendedCTerminates() {
    // re2j alone loops forever on these (Re2jFolds); Go's orbit is В в ᲀ
    assertThat(matches("(?i)ᲀ", "в")).isTrue();
    assertThat(matches("(?i)в", "ᲀ")).isTrue();
    assertThat(matches("(?i)\\pL+", "ᲀᲈ")).isTrue();
    assertThat(matches("(?i)[\\x{1c00}-\\x{1cff}]", "ᲅ")).isTrue();
    assertThat(matches("(?i)т", "ᲅ")).isTrue();
    assertThat(matches("(?i)ᲈ", "ᲈ")).isTrue();
  }

  @Test
  void leavesWhatIsNotAClassEscape() {
    assertThat(UnicodeClasses.expand("\\Q\\pL\\E")).isEqualTo("\\Q\\pL\\E");
    assertThat(UnicodeClasses.expand("\\\\pL")).isEqualTo("\\\\pL");
    assertThat(UnicodeClasses.expand("\\p{greek}")).isEqualTo("\\p{greek}"); // Go: case-sensitive
    assertThat(UnicodeClasses.expand("\\p{Cn}")).isEqualTo("\\p{Cn}"); // not in Go's table
    assertThat(matches("\\Q\\pL\\E", "\\pL")).isTrue();
  }
}
