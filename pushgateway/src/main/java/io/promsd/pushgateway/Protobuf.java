package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Length-delimited client_model {@code MetricFamily} messages, read and written by hand (the
 * message has a dozen fields; no protobuf runtime needed). Reading follows what Pushgateway 1.5.1
 * does with {@code pbutil.ReadDelimited}: a clean end of the body (also inside a length prefix, or
 * right after one) ends the stream, a message cut short is {@code unexpected EOF}, a later family
 * of the same name replaces an earlier one. Fields this reader does not know are kept as raw bytes
 * where a protobuf scrape should give them back (native histograms, created timestamps, exemplars).
 */
final class Protobuf {
  private Protobuf() {}

  /** The media type of delimited {@code MetricFamily} streams. */
  static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  static final String INVALID_WIRE = "proto: cannot parse invalid wire-format data";

  // ---------------------------------------------------------------- reading

  /**
   * Reads every family of a body.
   *
   * @param maxMessage the largest message accepted (the body limit)
   */
  static Map<String, Family> readDelimited(InputStream in, long maxMessage)
      throws BadPushException, IOException {
    Map<String, Family> out = new LinkedHashMap<>();
    while (true) {
      long len = 0;
      int shift = 0;
      int headerBytes = 0;
      boolean done = false;
      while (true) {
        if (headerBytes >= 5) {
          throw new BadPushException("invalid varint32 encountered");
        }
        int b = in.read();
        if (b < 0) {
          done = true; // io.EOF from the header read ends the stream, even mid-varint
          break;
        }
        headerBytes++;
        len |= (long) (b & 0x7F) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      if (done) {
        return out;
      }
      if (len > maxMessage) {
        throw new BadPushException(413, "protobuf message of " + len + " bytes exceeds the limit");
      }
      byte[] msg = readFully(in, (int) len);
      if (msg == null) {
        return out; // io.ReadFull with nothing read: io.EOF, a clean end
      }
      Family f = parseFamily(msg);
      out.put(f.name, f);
    }
  }

  private static byte[] readFully(InputStream in, int len) throws IOException, BadPushException {
    byte[] b = new byte[Math.min(len, 1 << 16)];
    int n = 0;
    while (n < len) {
      if (n == b.length) {
        b = Arrays.copyOf(b, Math.min(len, b.length * 2));
      }
      int r = in.read(b, n, b.length - n);
      if (r < 0) {
        if (n == 0) {
          return null;
        }
        throw new BadPushException("unexpected EOF");
      }
      n += r;
    }
    return b.length == len ? b : Arrays.copyOf(b, len);
  }

  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int off, int end) {
      this.b = b;
      this.pos = off;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() throws BadPushException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new BadPushException(INVALID_WIRE);
        }
        int x = b[pos++] & 0xFF;
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new BadPushException(INVALID_WIRE);
    }

    double fixed64() throws BadPushException {
      if (end - pos < 8) {
        throw new BadPushException(INVALID_WIRE);
      }
      long v = 0;
      for (int i = 7; i >= 0; i--) {
        v = (v << 8) | (b[pos + i] & 0xFF);
      }
      pos += 8;
      return Double.longBitsToDouble(v);
    }

    Reader sub() throws BadPushException {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new BadPushException(INVALID_WIRE);
      }
      Reader r = new Reader(b, pos, pos + (int) len);
      pos += (int) len;
      return r;
    }

    String string() throws BadPushException {
      Reader r = sub();
      return Utf8.decode(b, r.pos, r.end - r.pos);
    }

    /** Skips a field of the wire type, returning its bytes including the key. */
    void skip(int wire, int keyStart, ByteArrayOutputStream unknown) throws BadPushException {
      switch (wire) {
        case 0 -> varint();
        case 1 -> {
          if (end - pos < 8) {
            throw new BadPushException(INVALID_WIRE);
          }
          pos += 8;
        }
        case 2 -> sub();
        case 5 -> {
          if (end - pos < 4) {
            throw new BadPushException(INVALID_WIRE);
          }
          pos += 4;
        }
        default -> throw new BadPushException(INVALID_WIRE);
      }
      if (unknown != null) {
        unknown.write(b, keyStart, pos - keyStart);
      }
    }
  }

  static Family parseFamily(byte[] msg) throws BadPushException {
    Reader r = new Reader(msg, 0, msg.length);
    String name = "";
    String help = null;
    MetricType type = null;
    List<Family.Metric> metrics = new ArrayList<>();
    while (r.more()) {
      int start = r.pos;
      long key = r.varint();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 2) {
        name = r.string();
      } else if (field == 2 && wire == 2) {
        help = r.string();
      } else if (field == 3 && wire == 0) {
        int n = (int) r.varint();
        type = MetricType.ofNumber(n);
        if (type == null) {
          throw new BadPushException("unknown metric type " + n);
        }
      } else if (field == 4 && wire == 2) {
        metrics.add(parseMetric(r.sub()));
      } else {
        r.skip(wire, start, null);
      }
    }
    return new Family(name, help, type == null ? MetricType.COUNTER : type, metrics);
  }

  private static Family.Metric parseMetric(Reader r) throws BadPushException {
    List<String> labels = new ArrayList<>();
    Family.Metric m = new Family.Metric(null);
    ByteArrayOutputStream unknown = null;
    while (r.more()) {
      int start = r.pos;
      long key = r.varint();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire == 2 && field >= 1 && field <= 7 && field != 6) {
        Reader s = r.sub();
        switch (field) {
          case 1 -> {
            String n = "";
            String v = "";
            while (s.more()) {
              int k = (int) s.varint();
              if (k == ((1 << 3) | 2)) {
                n = s.string();
              } else if (k == ((2 << 3) | 2)) {
                v = s.string();
              } else {
                s.skip(k & 7, s.pos, null);
              }
            }
            labels.add(n);
            labels.add(v);
          }
          case 2 -> m.gauge = valueOf(s, m.gauge);
          case 3 -> {
            double v = m.counter == null ? 0 : m.counter;
            while (s.more()) {
              int ks = s.pos;
              int k = (int) s.varint();
              if (k == ((1 << 3) | 1)) {
                v = s.fixed64();
              } else if (k == ((2 << 3) | 2)) {
                Reader e = s.sub();
                m.counterExemplar = Arrays.copyOfRange(e.b, e.pos, e.end);
              } else {
                s.skip(k & 7, ks, null);
              }
            }
            m.counter = v;
          }
          case 4 -> m.summary = parseSummary(s, m.summary);
          case 5 -> m.untyped = valueOf(s, m.untyped);
          case 7 -> m.histogram = parseHistogram(s, m.histogram);
          default -> throw new IllegalStateException();
        }
      } else if (field == 6 && wire == 0) {
        m.timestampMs = r.varint();
      } else {
        if (unknown == null) {
          unknown = new ByteArrayOutputStream();
        }
        r.skip(wire, start, unknown);
      }
    }
    m.labels = labels.toArray(new String[0]);
    m.unknown = unknown == null ? null : unknown.toByteArray();
    return m;
  }

  private static Double valueOf(Reader s, Double previous) throws BadPushException {
    double v = previous == null ? 0 : previous;
    while (s.more()) {
      int ks = s.pos;
      int k = (int) s.varint();
      if (k == ((1 << 3) | 1)) {
        v = s.fixed64();
      } else {
        s.skip(k & 7, ks, null);
      }
    }
    return v;
  }

  private static Family.Summary parseSummary(Reader s, Family.Summary prev)
      throws BadPushException {
    Family.Summary sum = prev == null ? new Family.Summary() : prev;
    ByteArrayOutputStream unknown = null;
    while (s.more()) {
      int ks = s.pos;
      long k = s.varint();
      if (k == ((1 << 3) | 0)) {
        sum.sampleCount = s.varint();
      } else if (k == ((2 << 3) | 1)) {
        sum.sampleSum = s.fixed64();
      } else if (k == ((3 << 3) | 2)) {
        Reader q = s.sub();
        double quantile = 0;
        double value = 0;
        while (q.more()) {
          int qs = q.pos;
          int qk = (int) q.varint();
          if (qk == ((1 << 3) | 1)) {
            quantile = q.fixed64();
          } else if (qk == ((2 << 3) | 1)) {
            value = q.fixed64();
          } else {
            q.skip(qk & 7, qs, null);
          }
        }
        sum.quantiles.add(new double[] {quantile, value});
      } else {
        if (unknown == null) {
          unknown = new ByteArrayOutputStream();
        }
        s.skip((int) (k & 7), ks, unknown);
      }
    }
    if (unknown != null) {
      sum.unknown = unknown.toByteArray();
    }
    return sum;
  }

  private static Family.Histogram parseHistogram(Reader s, Family.Histogram prev)
      throws BadPushException {
    Family.Histogram h = prev == null ? new Family.Histogram() : prev;
    ByteArrayOutputStream unknown = null;
    while (s.more()) {
      int ks = s.pos;
      long k = s.varint();
      if (k == ((1 << 3) | 0)) {
        h.sampleCount = s.varint();
      } else if (k == ((2 << 3) | 1)) {
        h.sampleSum = s.fixed64();
      } else if (k == ((3 << 3) | 2)) {
        Reader q = s.sub();
        Family.Bucket b = new Family.Bucket();
        ByteArrayOutputStream bu = null;
        while (q.more()) {
          int qs = q.pos;
          int qk = (int) q.varint();
          if (qk == ((1 << 3) | 0)) {
            b.cumulativeCount = q.varint();
          } else if (qk == ((2 << 3) | 1)) {
            b.upperBound = q.fixed64();
          } else {
            if (bu == null) {
              bu = new ByteArrayOutputStream();
            }
            q.skip(qk & 7, qs, bu);
          }
        }
        b.unknown = bu == null ? null : bu.toByteArray();
        h.buckets.add(b);
      } else {
        if (unknown == null) {
          unknown = new ByteArrayOutputStream();
        }
        s.skip((int) (k & 7), ks, unknown);
      }
    }
    if (unknown != null) {
      h.unknown = unknown.toByteArray();
    }
    return h;
  }

  // ---------------------------------------------------------------- writing

  /** Appends one family as a length-delimited message. */
  static void writeDelimited(Family f, List<Family.Metric> metrics, ByteArrayOutputStream out) {
    Writer w = new Writer();
    w.string(1, f.name);
    if (f.help != null) {
      w.string(2, f.help);
    }
    w.varintField(3, f.type.ordinal());
    for (Family.Metric m : metrics) {
      w.message(4, metric(m));
    }
    byte[] body = w.bytes();
    writeVarint(out, body.length);
    out.write(body, 0, body.length);
  }

  private static byte[] metric(Family.Metric m) {
    Writer w = new Writer();
    for (int i = 0; i < m.labels.length; i += 2) {
      Writer l = new Writer();
      l.string(1, m.labels[i]);
      l.string(2, m.labels[i + 1]);
      w.message(1, l.bytes());
    }
    if (m.gauge != null) {
      w.message(2, valueMessage(m.gauge));
    }
    if (m.counter != null) {
      Writer c = new Writer();
      c.doubleField(1, m.counter);
      if (m.counterExemplar != null) {
        c.message(2, m.counterExemplar);
      }
      w.message(3, c.bytes());
    }
    if (m.summary != null) {
      Writer s = new Writer();
      if (m.summary.sampleCount != null) {
        s.varintField(1, m.summary.sampleCount);
      }
      if (m.summary.sampleSum != null) {
        s.doubleField(2, m.summary.sampleSum);
      }
      for (double[] q : m.summary.quantiles) {
        Writer qw = new Writer();
        qw.doubleField(1, q[0]);
        qw.doubleField(2, q[1]);
        s.message(3, qw.bytes());
      }
      s.raw(m.summary.unknown);
      w.message(4, s.bytes());
    }
    if (m.untyped != null) {
      w.message(5, valueMessage(m.untyped));
    }
    if (m.timestampMs != null) {
      w.varintField(6, m.timestampMs);
    }
    if (m.histogram != null) {
      Writer h = new Writer();
      if (m.histogram.sampleCount != null) {
        h.varintField(1, m.histogram.sampleCount);
      }
      if (m.histogram.sampleSum != null) {
        h.doubleField(2, m.histogram.sampleSum);
      }
      for (Family.Bucket b : m.histogram.buckets) {
        Writer bw = new Writer();
        if (b.cumulativeCount != null) {
          bw.varintField(1, b.cumulativeCount);
        }
        if (b.upperBound != null) {
          bw.doubleField(2, b.upperBound);
        }
        bw.raw(b.unknown);
        h.message(3, bw.bytes());
      }
      h.raw(m.histogram.unknown);
      w.message(7, h.bytes());
    }
    w.raw(m.unknown);
    return w.bytes();
  }

  private static byte[] valueMessage(double v) {
    Writer w = new Writer();
    w.doubleField(1, v);
    return w.bytes();
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(32);

    void key(int field, int wire) {
      writeVarint(out, ((long) field << 3) | wire);
    }

    void string(int field, String s) {
      byte[] b = Utf8.encode(s);
      message(field, b);
    }

    void message(int field, byte[] b) {
      key(field, 2);
      writeVarint(out, b.length);
      out.write(b, 0, b.length);
    }

    void varintField(int field, long v) {
      key(field, 0);
      writeVarint(out, v);
    }

    void doubleField(int field, double d) {
      key(field, 1);
      long v = Double.doubleToRawLongBits(d);
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)) & 0xFF);
      }
    }

    void raw(byte[] b) {
      if (b != null) {
        out.write(b, 0, b.length);
      }
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
