package io.promsd.relabel;

import java.lang.reflect.Field;

/**
 * Repairs re2j's case-folding orbits for the nine Cyrillic Extended-C letters (U+1C80..U+1C88,
 * Unicode 9), on which re2j 1.8 loops forever.
 *
 * <p>re2j's {@code Unicode.simpleFold} consults its {@code CASE_ORBIT} table (built from an old
 * Unicode) and otherwise steps to {@link Character#toLowerCase}/{@link Character#toUpperCase}. For
 * {@code ᲀ} (U+1C80) Java answers {@code В}, whose fold is {@code в}, whose fold is {@code В}
 * again: the orbit never comes back to {@code ᲀ}, and every loop over it ({@code minFoldRune} for a
 * literal, {@code appendFoldedRange} for a class) never ends. So {@code (?i)ᲀ}, and {@code (?i)\pL}
 * once {@link UnicodeClasses} spells out Unicode 13's letters, would hang the compiling thread.
 * This writes Go's orbits (Go 1.19 {@code unicode} tables, {@code caseOrbit}) into re2j's table:
 * {@code В в ᲀ}, {@code Д д ᲁ}, {@code О о ᲂ}, {@code С с ᲃ}, {@code Т т ᲄ ᲅ}, {@code Ъ ъ ᲆ},
 * {@code Ѣ ѣ ᲇ}. {@code ᲈ}'s orbit with {@code Ꙋ ꙋ} lies beyond the table, so {@code ᲈ} is made to
 * fold to itself only: under {@code (?i)} it matches itself, where Go also matches {@code Ꙋ} and
 * {@code ꙋ}. The table is re2j's (JVM-wide); the entries written are ones re2j left empty.
 */
final class Re2jFolds {
  private Re2jFolds() {}

  // {rune, next in orbit}, from Go's unicode.caseOrbit
  private static final int[][] ORBITS = {
    {0x0412, 0x0432},
    {0x0432, 0x1C80},
    {0x1C80, 0x0412},
    {0x0414, 0x0434},
    {0x0434, 0x1C81},
    {0x1C81, 0x0414},
    {0x041E, 0x043E},
    {0x043E, 0x1C82},
    {0x1C82, 0x041E},
    {0x0421, 0x0441},
    {0x0441, 0x1C83},
    {0x1C83, 0x0421},
    {0x0422, 0x0442},
    {0x0442, 0x1C84},
    {0x1C84, 0x1C85},
    {0x1C85, 0x0422},
    {0x042A, 0x044A},
    {0x044A, 0x1C86},
    {0x1C86, 0x042A},
    {0x0462, 0x0463},
    {0x0463, 0x1C87},
    {0x1C87, 0x0462},
    {0x1C88, 0x1C88},
  };

  private static volatile boolean done;

  /** Patches re2j's table once; a re2j without the table (another version) is left alone. */
  static void install() {
    if (done) {
      return;
    }
    synchronized (Re2jFolds.class) {
      if (done) {
        return;
      }
      try {
        Field f = Class.forName("com.google.re2j.UnicodeTables").getDeclaredField("CASE_ORBIT");
        f.setAccessible(true);
        Object table = f.get(null);
        if (table instanceof char[] orbit) {
          for (int[] o : ORBITS) {
            if (o[0] < orbit.length && orbit[o[0]] == 0) {
              orbit[o[0]] = (char) o[1];
            }
          }
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a re2j laid out differently: nothing to repair here
      }
      done = true;
    }
  }
}
