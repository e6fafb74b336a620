package io.promsd.pushgateway;

/**
 * A {@code Metric} as client_golang 1.14's error messages print it with {@code %s}: the compact
 * text format of golang/protobuf 1.5 ({@code proto.CompactTextString}: fields in declaration order,
 * {@code name:value }, messages as {@code name:<...> }, strings with C escapes and octal for bytes
 * outside printable ASCII, floats as {@code strconv} 'g' with {@code inf} and {@code nan}).
 */
final class ProtoText {
  private ProtoText() {}

  static String metric(Family.Metric m) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < m.labels.length; i += 2) {
      sb.append("label:<name:");
      quoted(sb, m.labels[i]);
      sb.append(" value:");
      quoted(sb, m.labels[i + 1]);
      sb.append(" > ");
    }
    if (m.gauge != null) {
      sb.append("gauge:<value:").append(num(m.gauge)).append(" > ");
    }
    if (m.counter != null) {
      sb.append("counter:<value:").append(num(m.counter)).append(' ');
      if (m.counterExemplar != null) {
        sb.append("exemplar:<").append(exemplar(m.counterExemplar)).append("> ");
      }
      sb.append("> ");
    }
    if (m.summary != null) {
      sb.append("summary:<");
      if (m.summary.sampleCount != null) {
        sb.append("sample_count:").append(Long.toUnsignedString(m.summary.sampleCount)).append(' ');
      }
      if (m.summary.sampleSum != null) {
        sb.append("sample_sum:").append(num(m.summary.sampleSum)).append(' ');
      }
      for (double[] q : m.summary.quantiles) {
        sb.append("quantile:<quantile:").append(num(q[0])).append(" value:").append(num(q[1]));
        sb.append(" > ");
      }
      sb.append("> ");
    }
    if (m.untyped != null) {
      sb.append("untyped:<value:").append(num(m.untyped)).append(" > ");
    }
    if (m.histogram != null) {
      sb.append("histogram:<");
      if (m.histogram.sampleCount != null) {
        sb.append("sample_count:")
            .append(Long.toUnsignedString(m.histogram.sampleCount))
            .append(' ');
      }
      if (m.histogram.sampleSum != null) {
        sb.append("sample_sum:").append(num(m.histogram.sampleSum)).append(' ');
      }
      for (Family.Bucket b : m.histogram.buckets) {
        sb.append("bucket:<");
        if (b.cumulativeCount != null) {
          sb.append("cumulative_count:")
              .append(Long.toUnsignedString(b.cumulativeCount))
              .append(' ');
        }
        if (b.upperBound != null) {
          sb.append("upper_bound:").append(num(b.upperBound)).append(' ');
        }
        sb.append("> ");
      }
      sb.append("> ");
    }
    if (m.timestampMs != null) {
      sb.append("timestamp_ms:").append(m.timestampMs).append(' ');
    }
    return sb.toString();
  }

  // Exemplar: label (1), value (2), timestamp (3: seconds 1, nanos 2)
  private static String exemplar(byte[] b) {
    StringBuilder sb = new StringBuilder();
    int[] pos = {0};
    while (pos[0] < b.length) {
      long key = varint(b, pos);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire == 2) {
        int len = (int) varint(b, pos);
        int end = pos[0] + len;
        if (field == 1) {
          String n = "";
          String v = "";
          while (pos[0] < end) {
            long k = varint(b, pos);
            int l = (int) varint(b, pos);
            String s = Utf8.decode(b, pos[0], l);
            pos[0] += l;
            if ((k >>> 3) == 1) {
              n = s;
            } else {
              v = s;
            }
          }
          sb.append("label:<name:");
          quoted(sb, n);
          sb.append(" value:");
          quoted(sb, v);
          sb.append(" > ");
        } else if (field == 3) {
          sb.append("timestamp:<");
          while (pos[0] < end) {
            long k = varint(b, pos);
            long v = varint(b, pos);
            sb.append((k >>> 3) == 1 ? "seconds:" : "nanos:").append(v).append(' ');
          }
          sb.append("> ");
        }
        pos[0] = end;
      } else if (wire == 1) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
          v = (v << 8) | (b[pos[0] + i] & 0xFF);
        }
        pos[0] += 8;
        if (field == 2) {
          sb.append("value:").append(num(Double.longBitsToDouble(v))).append(' ');
        }
      } else {
        varint(b, pos);
      }
    }
    return sb.toString();
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64 && pos[0] < b.length; shift += 7) {
      int x = b[pos[0]++] & 0xFF;
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
    }
    return v;
  }

  static String num(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return GoFloat.g(d);
  }

  private static void quoted(StringBuilder sb, String s) {
    sb.append('"');
    byte[] b = Utf8.encode(s);
    for (byte x : b) {
      int c = x & 0xFF;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c >= 0x20 && c < 0x7F) {
            sb.append((char) c);
          } else {
            sb.append('\\').append(Integer.toOctalString(0x200 | c).substring(1));
          }
        }
      }
    }
    sb.append('"');
  }
}
