package io.promsd.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * An unsynchronized, buffered UTF-8 writer for standard output: {@code check service-discovery} can
 * print hundreds of megabytes, almost all ASCII, and the JDK's encoder chain costs more than the
 * rest of the work. Lone surrogates are written as U+FFFD, as Go writes invalid UTF-8.
 */
final class Utf8Writer extends Writer {
  private final OutputStream out;
  private final byte[] buf;
  private int pos;

  Utf8Writer(OutputStream out, int size) {
    this.out = out;
    this.buf = new byte[size];
  }

  @Override
  public void write(int c) throws IOException {
    write(String.valueOf((char) c), 0, 1);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    int end = off + len;
    for (int i = off; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (pos == buf.length) {
          drain();
        }
        buf[pos++] = (byte) c;
      } else {
        i = encode(s, i, end);
      }
    }
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    write(new String(cbuf, off, len), 0, len);
  }

  /** Encodes the non-ASCII character at {@code i}; returns the index of its last char. */
  private int encode(String s, int i, int end) throws IOException {
    if (buf.length - pos < 4) {
      drain();
    }
    char c = s.charAt(i);
    int cp = c;
    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
      cp = Character.toCodePoint(c, s.charAt(i + 1));
      i++;
    } else if (Character.isSurrogate(c)) {
      cp = 0xFFFD;
    }
    if (cp < 0x800) {
      buf[pos++] = (byte) (0xC0 | (cp >> 6));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[pos++] = (byte) (0xE0 | (cp >> 12));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      buf[pos++] = (byte) (0xF0 | (cp >> 18));
      buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    }
    return i;
  }

  private void drain() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
