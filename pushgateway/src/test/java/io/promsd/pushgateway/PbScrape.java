package io.promsd.pushgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A delimited protobuf scrape decoded into the JSON form the recorder ({@code
 * testdata/pushgateway/gen/record.py}, {@code decode_scrape}) writes for the real one's answers:
 * families in order without the gateway's own, labels, the value of each type with doubles in Go's
 * {@code 'g'} format, a counter's exemplar as hex, push times other than 0 as {@code <ts>}. Its own
 * wire reader (not {@link Protobuf}'s), so a field number both sides of promsd got wrong still
 * fails.
 */
final class PbScrape {
  private PbScrape() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] SELF = {"go_", "process_", "pushgateway_", "promhttp_"};
  private static final String[] TYPES = {"COUNTER", "GAUGE", "SUMMARY", "UNTYPED", "HISTOGRAM"};

  /** One field: number, wire type and value (Long for varints, Double for 64-bit, byte[]). */
  record Field(int num, int wire, Object value) {}

  private static final class Reader {
    final byte[] b;
    int i;
    final int end;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.i = from;
      this.end = to;
    }

    long varint() {
      long n = 0;
      int shift = 0;
      while (true) {
        int c = b[i++] & 0xFF;
        n |= (long) (c & 0x7F) << shift;
        shift += 7;
        if (c < 0x80) {
          return n;
        }
      }
    }
  }

  static List<Field> fields(byte[] b) {
    List<Field> out = new ArrayList<>();
    Reader r = new Reader(b, 0, b.length);
    while (r.i < r.end) {
      long key = r.varint();
      int num = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> out.add(new Field(num, wire, r.varint()));
        case 1 -> {
          double d = ByteBuffer.wrap(b, r.i, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
          r.i += 8;
          out.add(new Field(num, wire, d));
        }
        case 2 -> {
          int n = (int) r.varint();
          byte[] v = java.util.Arrays.copyOfRange(b, r.i, r.i + n);
          r.i += n;
          out.add(new Field(num, wire, v));
        }
        case 5 -> {
          out.add(new Field(num, wire, java.util.Arrays.copyOfRange(b, r.i, r.i + 4)));
          r.i += 4;
        }
        default -> throw new IllegalArgumentException("wire type " + wire);
      }
    }
    return out;
  }

  private static String str(Object v) {
    return new String((byte[]) v, StandardCharsets.UTF_8);
  }

  private static Object get(List<Field> fs, int num, Object dflt) {
    Object v = dflt;
    for (Field f : fs) {
      if (f.num() == num) {
        v = f.value();
      }
    }
    return v;
  }

  private static String g(Object d) {
    return GoFloat.g((Double) d);
  }

  static JsonNode decode(byte[] data) {
    ArrayNode out = F.arrayNode();
    Reader r = new Reader(data, 0, data.length);
    while (r.i < r.end) {
      int n = (int) r.varint();
      byte[] msg = java.util.Arrays.copyOfRange(data, r.i, r.i + n);
      r.i += n;
      List<Field> fs = fields(msg);
      String name = str(get(fs, 1, new byte[0]));
      boolean self = false;
      for (String p : SELF) {
        self |= name.startsWith(p);
      }
      if (self) {
        continue;
      }
      ObjectNode fam = F.objectNode();
      fam.put("name", name);
      for (Field f : fs) {
        if (f.num() == 2) {
          fam.put("help", str(f.value()));
        } else if (f.num() == 3) {
          long t = (Long) f.value();
          fam.put("type", t < TYPES.length ? TYPES[(int) t] : Long.toString(t));
        }
      }
      ArrayNode ms = fam.putArray("metric");
      for (Field f : fs) {
        if (f.num() == 4) {
          ms.add(metric((byte[]) f.value(), name));
        }
      }
      out.add(fam);
    }
    return out;
  }

  private static ObjectNode metric(byte[] b, String family) {
    List<Field> fs = fields(b);
    ObjectNode m = F.objectNode();
    ArrayNode labels = m.putArray("label");
    for (Field f : fs) {
      if (f.num() == 1) {
        List<Field> lp = fields((byte[]) f.value());
        labels.add(
            F.arrayNode().add(str(get(lp, 1, new byte[0]))).add(str(get(lp, 2, new byte[0]))));
      }
    }
    for (Field f : fs) {
      switch (f.num()) {
        case 1 -> {}
        case 2, 5 -> {
          ObjectNode v = m.putObject(f.num() == 2 ? "gauge" : "untyped");
          v.put("value", g(get(fields((byte[]) f.value()), 1, 0.0)));
        }
        case 3 -> {
          ObjectNode c = m.putObject("counter");
          for (Field x : fields((byte[]) f.value())) {
            if (x.num() == 1) {
              c.put("value", g(x.value()));
            } else if (x.num() == 2) {
              c.put("exemplar_hex", HexFormat.of().formatHex((byte[]) x.value()));
            }
          }
          if (!c.has("value")) {
            c.put("value", "0");
          }
        }
        case 4 -> {
          ObjectNode sm = m.putObject("summary");
          ArrayNode qs = sm.putArray("quantile");
          for (Field x : fields((byte[]) f.value())) {
            if (x.num() == 1) {
              sm.put("sample_count", (Long) x.value());
            } else if (x.num() == 2) {
              sm.put("sample_sum", g(x.value()));
            } else if (x.num() == 3) {
              List<Field> q = fields((byte[]) x.value());
              qs.add(F.arrayNode().add(g(get(q, 1, 0.0))).add(g(get(q, 2, 0.0))));
            }
          }
        }
        case 7 -> {
          ObjectNode h = m.putObject("histogram");
          ArrayNode bs = h.putArray("bucket");
          for (Field x : fields((byte[]) f.value())) {
            if (x.num() == 1) {
              h.put("sample_count", (Long) x.value());
            } else if (x.num() == 2) {
              h.put("sample_sum", g(x.value()));
            } else if (x.num() == 3) {
              List<Field> q = fields((byte[]) x.value());
              bs.add(F.arrayNode().add((Long) get(q, 1, 0L)).add(g(get(q, 2, 0.0))));
            }
          }
        }
        case 6 -> m.put("timestamp_ms", (Long) f.value());
        default -> {
          Object v = f.value();
          m.withArray("unknown_hex")
              .add(
                  f.num()
                      + ":"
                      + (v instanceof byte[] bs ? HexFormat.of().formatHex(bs) : v.toString()));
        }
      }
    }
    if ((family.equals("push_time_seconds") || family.equals("push_failure_time_seconds"))
        && m.has("gauge")
        && !m.get("gauge").get("value").asText().equals("0")) {
      ((ObjectNode) m.get("gauge")).put("value", "<ts>");
    }
    return m;
  }
}
