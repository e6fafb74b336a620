package io.promsd.relabel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code hashmod} number: the MD5 digest of the value's UTF-8 bytes, bytes 8..15 read as a
 * big-endian unsigned 64-bit integer, modulo the (unsigned) modulus — bit for bit what Prometheus
 * computes in {@code model/relabel/relabel.go}.
 *
 * <p>MD5 is computed here rather than through {@code MessageDigest}, whose provider lookup and
 * object churn cost more than the digest of a short label value.
 */
final class HashMod {
  private HashMod() {}

  /** {@code hash(value) mod modulus} as an unsigned decimal string. */
  static String apply(String value, long modulus) {
    long h = lowHalf(value, new int[20]);
    return Long.toUnsignedString(Long.remainderUnsigned(h, modulus));
  }

  /**
   * Bytes 8..15 of MD5 of the UTF-8 encoding of {@code value}, with {@code w} (20 ints) as working
   * memory. ASCII text is its own UTF-8 encoding, so it is read without encoding it first.
   */
  static long lowHalf(String value, int[] w) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        return lowHalf(value.getBytes(StandardCharsets.UTF_8), w);
      }
    }
    return digest(null, value, n, w);
  }

  /** Bytes 8..15 of MD5({@code msg}) as a big-endian 64-bit value. */
  static long lowHalf(byte[] msg, int[] w) {
    return digest(msg, null, msg.length, w);
  }

  /**
   * MD5 of {@code msg}, or of the ASCII {@code text} when msg is null; bytes 8..15. {@code w} holds
   * the block being hashed (16 words) and the state (4 words).
   */
  private static long digest(byte[] msg, String text, int len, int[] w) {
    w[16] = 0x67452301;
    w[17] = 0xefcdab89;
    w[18] = 0x98badcfe;
    w[19] = 0x10325476;
    int full = len / 64;
    for (int blk = 0; blk < full; blk++) {
      for (int i = 0; i < 16; i++) {
        int at = blk * 64 + 4 * i;
        w[i] = msg != null ? word(msg, at) : word(text, at);
      }
      compress(w);
    }
    // The last block(s): the rest of the message, the 0x80 marker, zeros, the length in bits.
    Arrays.fill(w, 0, 16, 0);
    int rest = len - full * 64;
    for (int i = 0; i < rest; i++) {
      int at = full * 64 + i;
      int b = msg != null ? msg[at] & 0xff : text.charAt(at);
      w[i >> 2] |= b << ((i & 3) * 8);
    }
    w[rest >> 2] |= 0x80 << ((rest & 3) * 8);
    if (rest >= 56) {
      compress(w); // no room for the length: it goes in a block of its own
      Arrays.fill(w, 0, 16, 0);
    }
    long bits = (long) len * 8;
    w[14] = (int) bits;
    w[15] = (int) (bits >>> 32);
    compress(w);
    // The digest is the state little-endian; bytes 8..15 are the third and fourth words.
    return ((long) Integer.reverseBytes(w[18]) << 32) | (Integer.reverseBytes(w[19]) & 0xffffffffL);
  }

  /** Four message bytes from {@code at}, little-endian. */
  private static int word(byte[] msg, int at) {
    return (msg[at] & 0xff)
        | (msg[at + 1] & 0xff) << 8
        | (msg[at + 2] & 0xff) << 16
        | (msg[at + 3] & 0xff) << 24;
  }

  private static int word(String text, int at) {
    return text.charAt(at)
        | text.charAt(at + 1) << 8
        | text.charAt(at + 2) << 16
        | text.charAt(at + 3) << 24;
  }

  /** One MD5 block: the 64 steps of RFC 1321 on w[0..15], added into the state w[16..19]. */
  private static void compress(int[] w) {
    int a = w[16];
    int b = w[17];
    int c = w[18];
    int d = w[19];
    int w0 = w[0];
    int w1 = w[1];
    int w2 = w[2];
    int w3 = w[3];
    int w4 = w[4];
    int w5 = w[5];
    int w6 = w[6];
    int w7 = w[7];
    int w8 = w[8];
    int w9 = w[9];
    int w10 = w[10];
    int w11 = w[11];
    int w12 = w[12];
    int w13 = w[13];
    int w14 = w[14];
    int w15 = w[15];
    // Written out, constants inline; the registers change roles from step to step as in the
    // RFC's [abcd k s i] notation.
    a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w0 + 0xd76aa478, 7);
    d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w1 + 0xe8c7b756, 12);
    c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w2 + 0x242070db, 17);
    b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w3 + 0xc1bdceee, 22);
    a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w4 + 0xf57c0faf, 7);
    d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w5 + 0x4787c62a, 12);
    c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w6 + 0xa8304613, 17);
    b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w7 + 0xfd469501, 22);
    a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w8 + 0x698098d8, 7);
    d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w9 + 0x8b44f7af, 12);
    c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w10 + 0xffff5bb1, 17);
    b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w11 + 0x895cd7be, 22);
    a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w12 + 0x6b901122, 7);
    d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w13 + 0xfd987193, 12);
    c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w14 + 0xa679438e, 17);
    b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w15 + 0x49b40821, 22);
    a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + w1 + 0xf61e2562, 5);
    d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + w6 + 0xc040b340, 9);
    c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + w11 + 0x265e5a51, 14);
    b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + w0 + 0xe9b6c7aa, 20);
    a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + w5 + 0xd62f105d, 5);
    d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + w10 + 0x02441453, 9);
    c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + w15 + 0xd8a1e681, 14);
    b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + w4 + 0xe7d3fbc8, 20);
    a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + w9 + 0x21e1cde6, 5);
    d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + w14 + 0xc33707d6, 9);
    c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + w3 + 0xf4d50d87, 14);
    b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + w8 + 0x455a14ed, 20);
    a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + w13 + 0xa9e3e905, 5);
    d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + w2 + 0xfcefa3f8, 9);
    c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + w7 + 0x676f02d9, 14);
    b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + w12 + 0x8d2a4c8a, 20);
    a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w5 + 0xfffa3942, 4);
    d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w8 + 0x8771f681, 11);
    c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w11 + 0x6d9d6122, 16);
    b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w14 + 0xfde5380c, 23);
    a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w1 + 0xa4beea44, 4);
    d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w4 + 0x4bdecfa9, 11);
    c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w7 + 0xf6bb4b60, 16);
    b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w10 + 0xbebfbc70, 23);
    a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w13 + 0x289b7ec6, 4);
    d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w0 + 0xeaa127fa, 11);
    c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w3 + 0xd4ef3085, 16);
    b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w6 + 0x04881d05, 23);
    a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w9 + 0xd9d4d039, 4);
    d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w12 + 0xe6db99e5, 11);
    c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w15 + 0x1fa27cf8, 16);
    b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w2 + 0xc4ac5665, 23);
    a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w0 + 0xf4292244, 6);
    d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w7 + 0x432aff97, 10);
    c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w14 + 0xab9423a7, 15);
    b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w5 + 0xfc93a039, 21);
    a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w12 + 0x655b59c3, 6);
    d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w3 + 0x8f0ccc92, 10);
    c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w10 + 0xffeff47d, 15);
    b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w1 + 0x85845dd1, 21);
    a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w8 + 0x6fa87e4f, 6);
    d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w15 + 0xfe2ce6e0, 10);
    c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w6 + 0xa3014314, 15);
    b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w13 + 0x4e0811a1, 21);
    a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w4 + 0xf7537e82, 6);
    d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w11 + 0xbd3af235, 10);
    c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w2 + 0x2ad7d2bb, 15);
    b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w9 + 0xeb86d391, 21);
    w[16] += a;
    w[17] += b;
    w[18] += c;
    w[19] += d;
  }
}
