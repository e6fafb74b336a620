package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;

/**
 * Bytes to strings and back without losing bytes that are not UTF-8: Go strings are bytes, and a
 * pushed label value or help text may hold any. A byte that does not start valid UTF-8 becomes
 * U+DC80 + the byte (as Python's {@code surrogateescape}), which {@link
 * io.promsd.relabel.internal.config.GoText#quote} prints as {@code \xNN}, as Go's {@code %q} does.
 */
final class Utf8 {
  private Utf8() {}

  static String decode(byte[] b, int off, int len) {
    boolean ascii = true;
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    StringBuilder sb = new StringBuilder(len);
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int n;
      int cp;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
      } else {
        sb.append((char) (0xDC00 + c));
        i++;
        continue;
      }
      boolean ok = i + n < end;
      if (ok) {
        for (int k = 1; k <= n; k++) {
          int cc = b[i + k] & 0xFF;
          if ((cc & 0xC0) != 0x80) {
            ok = false;
            break;
          }
          cp = (cp << 6) | (cc & 0x3F);
        }
      }
      if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
        ok = false;
      }
      if (!ok) {
        sb.append((char) (0xDC00 + c));
        i++;
        continue;
      }
      sb.appendCodePoint(cp);
      i += n + 1;
    }
    return sb.toString();
  }

  static String decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  /** Whether the string came from valid UTF-8 (holds no escaped byte). */
  static boolean valid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a string made by {@link #decode}. */
  static byte[] encode(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    encodeTo(s, out);
    return out.toByteArray();
  }

  static void encodeTo(String s, ByteArrayOutputStream out) {
    for (int i = 0; i < s.length(); ) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        out.write(ch);
        i++;
        continue;
      }
      if (ch >= 0xDC80 && ch <= 0xDCFF) {
        out.write(ch - 0xDC00);
        i++;
        continue;
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isSurrogate((char) cp)) {
        cp = 0xFFFD;
      }
      if (cp < 0x800) {
        out.write(0xC0 | (cp >> 6));
        out.write(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      }
    }
  }

  /** Go's string order: byte-wise on UTF-8, which is code point order. */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return key(a, i) - key(b, i);
      }
    }
    return a.length() - b.length();
  }

  // Orders a UTF-16 unit by the UTF-8 bytes it stands for: surrogate pairs (U+10000 and up) after
  // U+E000..U+FFFF; escaped bytes (0x80..0xFF) by their byte value, next to what they encode.
  private static int key(String s, int i) {
    char c = s.charAt(i);
    if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
      return 0x110000 + (c - 0xDC00);
    }
    if (Character.isSurrogate(c)) {
      return 0x10000 + c;
    }
    return c;
  }
}
