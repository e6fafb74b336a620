package io.promsd.pushgateway;

/**
 * Go's {@code base64.RawURLEncoding.DecodeString} (encoding/base64, Go 1.19): the URL-safe
 * alphabet, no padding, {@code \r} and {@code \n} skipped, trailing bits ignored; on an error, the
 * bytes of the quanta decoded before it and {@code illegal base64 data at input byte N}.
 */
final class GoBase64 {
  private GoBase64() {}

  /** The decoded text (partial on error) and the error text or null. */
  record Result(String value, String error) {}

  private static final int[] MAP = new int[256];

  static {
    java.util.Arrays.fill(MAP, -1);
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < a.length(); i++) {
      MAP[a.charAt(i)] = i;
    }
  }

  static Result decodeUrlRaw(String s) {
    byte[] src = Utf8.encode(s);
    byte[] dst = new byte[src.length];
    int n = 0;
    int si = 0;
    while (si < src.length) {
      int[] dbuf = new int[4];
      int dlen = 4;
      int j = 0;
      boolean end = false;
      for (; j < 4; j++) {
        if (si == src.length) {
          if (j == 0) {
            return new Result(Utf8.decode(dst, 0, n), null);
          }
          if (j == 1) {
            return new Result(Utf8.decode(dst, 0, n), corrupt(si - j));
          }
          dlen = j;
          end = true;
          break;
        }
        int in = src[si] & 0xFF;
        si++;
        int out = MAP[in];
        if (out >= 0) {
          dbuf[j] = out;
          continue;
        }
        if (in == '\n' || in == '\r') {
          j--;
          continue;
        }
        return new Result(Utf8.decode(dst, 0, n), corrupt(si - 1));
      }
      int val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
      byte b0 = (byte) (val >> 16);
      byte b1 = (byte) (val >> 8);
      byte b2 = (byte) val;
      switch (dlen) {
        case 4 -> {
          dst[n] = b0;
          dst[n + 1] = b1;
          dst[n + 2] = b2;
        }
        case 3 -> {
          dst[n] = b0;
          dst[n + 1] = b1;
        }
        default -> dst[n] = b0;
      }
      n += dlen - 1;
      if (end) {
        break;
      }
    }
    return new Result(Utf8.decode(dst, 0, n), null);
  }

  private static String corrupt(int at) {
    return "illegal base64 data at input byte " + at;
  }
}
