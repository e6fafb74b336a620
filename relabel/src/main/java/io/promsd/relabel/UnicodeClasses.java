package io.promsd.relabel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spells out Go's Unicode class escapes ({@code \pL}, {@code \p{Greek}}, {@code \P{Lu}}, {@code
 * \p{^Nd}}) as explicit code point ranges before a pattern goes to re2j.
 *
 * <p>re2j's Unicode tables are those of Unicode 6 (for example {@code \pL} does not match U+08A1,
 * added in Unicode 7, nor {@code \p{Cherokee}} the Cherokee small letters of Unicode 8), while
 * Prometheus 2.42 is built with Go 1.19, whose {@code unicode} package is Unicode 13.0.0, the
 * version of Java 17's {@link Character}. The ranges are therefore computed from {@link
 * Character#getType} and {@link Character.UnicodeScript}, with Go's names: the general categories
 * of {@code unicode.Categories} (one- and two-letter, without {@code Cn}), the scripts of {@code
 * unicode.Scripts} ({@code Old_Italic}, case-sensitive) and {@code Any} (regexp/syntax {@code
 * parseUnicodeClass}). A name Go does not know is left as written, for re2j to reject with the same
 * message as before. Prometheus 3.x is built with a newer Go (Unicode 15), which these tables are
 * closer to than re2j's.
 */
final class UnicodeClasses {
  private UnicodeClasses() {}

  private static final int MAX = Character.MAX_CODE_POINT;

  /** Go's general category names and the Java types each one covers. */
  private static final Map<String, byte[]> CATEGORIES =
      Map.ofEntries(
          Map.entry(
              "C",
              new byte[] {
                Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE
              }),
          Map.entry("Cc", new byte[] {Character.CONTROL}),
          Map.entry("Cf", new byte[] {Character.FORMAT}),
          Map.entry("Co", new byte[] {Character.PRIVATE_USE}),
          Map.entry("Cs", new byte[] {Character.SURROGATE}),
          Map.entry(
              "L",
              new byte[] {
                Character.UPPERCASE_LETTER,
                Character.LOWERCASE_LETTER,
                Character.TITLECASE_LETTER,
                Character.MODIFIER_LETTER,
                Character.OTHER_LETTER
              }),
          Map.entry("Ll", new byte[] {Character.LOWERCASE_LETTER}),
          Map.entry("Lm", new byte[] {Character.MODIFIER_LETTER}),
          Map.entry("Lo", new byte[] {Character.OTHER_LETTER}),
          Map.entry("Lt", new byte[] {Character.TITLECASE_LETTER}),
          Map.entry("Lu", new byte[] {Character.UPPERCASE_LETTER}),
          Map.entry(
              "M",
              new byte[] {
                Character.COMBINING_SPACING_MARK,
                Character.ENCLOSING_MARK,
                Character.NON_SPACING_MARK
              }),
          Map.entry("Mc", new byte[] {Character.COMBINING_SPACING_MARK}),
          Map.entry("Me", new byte[] {Character.ENCLOSING_MARK}),
          Map.entry("Mn", new byte[] {Character.NON_SPACING_MARK}),
          Map.entry(
              "N",
              new byte[] {
                Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER
              }),
          Map.entry("Nd", new byte[] {Character.DECIMAL_DIGIT_NUMBER}),
          Map.entry("Nl", new byte[] {Character.LETTER_NUMBER}),
          Map.entry("No", new byte[] {Character.OTHER_NUMBER}),
          Map.entry(
              "P",
              new byte[] {
                Character.CONNECTOR_PUNCTUATION,
                Character.DASH_PUNCTUATION,
                Character.END_PUNCTUATION,
                Character.FINAL_QUOTE_PUNCTUATION,
                Character.INITIAL_QUOTE_PUNCTUATION,
                Character.OTHER_PUNCTUATION,
                Character.START_PUNCTUATION
              }),
          Map.entry("Pc", new byte[] {Character.CONNECTOR_PUNCTUATION}),
          Map.entry("Pd", new byte[] {Character.DASH_PUNCTUATION}),
          Map.entry("Pe", new byte[] {Character.END_PUNCTUATION}),
          Map.entry("Pf", new byte[] {Character.FINAL_QUOTE_PUNCTUATION}),
          Map.entry("Pi", new byte[] {Character.INITIAL_QUOTE_PUNCTUATION}),
          Map.entry("Po", new byte[] {Character.OTHER_PUNCTUATION}),
          Map.entry("Ps", new byte[] {Character.START_PUNCTUATION}),
          Map.entry(
              "S",
              new byte[] {
                Character.CURRENCY_SYMBOL,
                Character.MODIFIER_SYMBOL,
                Character.MATH_SYMBOL,
                Character.OTHER_SYMBOL
              }),
          Map.entry("Sc", new byte[] {Character.CURRENCY_SYMBOL}),
          Map.entry("Sk", new byte[] {Character.MODIFIER_SYMBOL}),
          Map.entry("Sm", new byte[] {Character.MATH_SYMBOL}),
          Map.entry("So", new byte[] {Character.OTHER_SYMBOL}),
          Map.entry(
              "Z",
              new byte[] {
                Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR
              }),
          Map.entry("Zl", new byte[] {Character.LINE_SEPARATOR}),
          Map.entry("Zp", new byte[] {Character.PARAGRAPH_SEPARATOR}),
          Map.entry("Zs", new byte[] {Character.SPACE_SEPARATOR}));

  /** name -> ranges (pairs lo, hi), and "^name" for the complement. */
  private static final Map<String, int[]> CACHE = new ConcurrentHashMap<>();

  /**
   * The pattern with every Unicode class escape Go knows replaced by its ranges; the pattern itself
   * when it has none.
   */
  static String expand(String re) {
    if (re.indexOf("\\p") < 0 && re.indexOf("\\P") < 0) {
      return re;
    }
    StringBuilder out = new StringBuilder(re.length() + 64);
    boolean inClass = false;
    boolean changed = false;
    int i = 0;
    int n = re.length();
    while (i < n) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char e = re.charAt(i + 1);
        if (e == 'Q' && !inClass) { // \Q...\E: literal text
          int end = re.indexOf("\\E", i + 2);
          int stop = end < 0 ? n : end + 2;
          out.append(re, i, stop);
          i = stop;
          continue;
        }
        if (e == 'p' || e == 'P') {
          int nameStart;
          int nameEnd;
          int next;
          if (i + 2 < n && re.charAt(i + 2) == '{') {
            int close = re.indexOf('}', i + 3);
            if (close < 0) {
              out.append(re, i, n);
              break;
            }
            nameStart = i + 3;
            nameEnd = close;
            next = close + 1;
          } else if (i + 2 < n) {
            nameStart = i + 2;
            nameEnd = i + 2 + Character.charCount(re.codePointAt(i + 2));
            next = nameEnd;
          } else {
            out.append(re, i, n);
            break;
          }
          String name = re.substring(nameStart, nameEnd);
          boolean negate = e == 'P';
          if (name.startsWith("^")) {
            negate = !negate;
            name = name.substring(1);
          }
          int[] ranges = ranges(name, negate);
          if (ranges == null) {
            out.append(re, i, next); // unknown to Go: leave it to re2j's error
          } else {
            if (!inClass) {
              out.append('[');
            }
            appendRanges(out, ranges, inClass);
            if (!inClass) {
              out.append(']');
            }
            changed = true;
          }
          i = next;
          continue;
        }
        out.append(c).append(e);
        i += 2;
        continue;
      }
      if (!inClass && c == '[') {
        inClass = true;
        out.append(c);
        i++;
        if (i < n && re.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < n && re.charAt(i) == ']') { // a leading ] is a literal
          out.append(']');
          i++;
        }
        continue;
      }
      if (inClass && c == '[' && re.startsWith("[:", i)) { // [:alpha:] inside a class
        int close = re.indexOf(":]", i + 2);
        if (close >= 0) {
          out.append(re, i, close + 2);
          i = close + 2;
          continue;
        }
      }
      if (inClass && c == ']') {
        inClass = false;
      }
      out.append(c);
      i++;
    }
    return changed ? out.toString() : re;
  }

  private static void appendRanges(StringBuilder out, int[] ranges, boolean inClass) {
    if (ranges.length == 0) {
      // The empty set (\P{Any}): a class that matches nothing; inside a class it adds nothing.
      if (!inClass) {
        out.append("^\\x{0}-\\x{10FFFF}");
      }
      return;
    }
    for (int k = 0; k < ranges.length; k += 2) {
      out.append("\\x{").append(Integer.toHexString(ranges[k])).append('}');
      if (ranges[k + 1] != ranges[k]) {
        out.append("-\\x{").append(Integer.toHexString(ranges[k + 1])).append('}');
      }
    }
  }

  /** The ranges of a Go class name (complemented if {@code negate}), or null if Go has no such. */
  static int[] ranges(String name, boolean negate) {
    String key = (negate ? "^" : "") + name;
    int[] cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    int[] base = baseRanges(name);
    if (base == null) {
      return null;
    }
    int[] r = negate ? complement(base) : base;
    CACHE.put(key, r);
    return r;
  }

  private static int[] baseRanges(String name) {
    if (name.equals("Any")) {
      return new int[] {0, MAX};
    }
    byte[] types = CATEGORIES.get(name);
    if (types != null) {
      boolean[] want = new boolean[32];
      for (byte t : types) {
        want[t] = true;
      }
      return collect(cp -> want[Character.getType(cp)]);
    }
    Character.UnicodeScript script = script(name);
    if (script == null) {
      return null;
    }
    return collect(cp -> Character.UnicodeScript.of(cp) == script);
  }

  /** Go's script name (Old_Italic) to Java's script, or null; Go has no Unknown script. */
  private static Character.UnicodeScript script(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return null;
    }
    for (int k = 0; k < name.length(); k++) {
      char ch = name.charAt(k);
      if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
        return null;
      }
      // Go capitalizes each part: Old_Italic, Nko, Phags_Pa, SignWriting
    }
    Character.UnicodeScript s;
    try {
      s = Character.UnicodeScript.valueOf(io.promsd.relabel.internal.config.GoText.toUpper(name));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (s == Character.UnicodeScript.UNKNOWN || !goScriptName(s).equals(name)) {
      return null;
    }
    return s;
  }

  /** How Go's unicode.Scripts spells a script (Unicode's Scripts.txt names). */
  private static String goScriptName(Character.UnicodeScript s) {
    switch (s) {
      case SIGNWRITING:
        return "SignWriting";
      case PHAGS_PA:
        return "Phags_Pa";
      case NKO:
        return "Nko";
      default:
        break;
    }
    StringBuilder b = new StringBuilder();
    boolean start = true;
    for (char ch : s.name().toCharArray()) {
      if (ch == '_') {
        b.append('_');
        start = true;
      } else {
        b.append(start ? ch : Character.toLowerCase(ch));
        start = false;
      }
    }
    return b.toString();
  }

  private interface CodePointTest {
    boolean test(int cp);
  }

  private static int[] collect(CodePointTest t) {
    List<Integer> r = new ArrayList<>();
    int lo = -1;
    for (int cp = 0; cp <= MAX; cp++) {
      boolean in = t.test(cp);
      if (in && lo < 0) {
        lo = cp;
      } else if (!in && lo >= 0) {
        r.add(lo);
        r.add(cp - 1);
        lo = -1;
      }
    }
    if (lo >= 0) {
      r.add(lo);
      r.add(MAX);
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] complement(int[] ranges) {
    List<Integer> r = new ArrayList<>();
    int next = 0;
    for (int k = 0; k < ranges.length; k += 2) {
      if (ranges[k] > next) {
        r.add(next);
        r.add(ranges[k] - 1);
      }
      next = ranges[k + 1] + 1;
    }
    if (next <= MAX) {
      r.add(next);
      r.add(MAX);
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }
}
