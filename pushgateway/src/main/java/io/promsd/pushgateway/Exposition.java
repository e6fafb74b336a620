package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@code /metrics} answer as client_golang 1.14's promhttp gives it over {@code
 * Gatherers{DefaultGatherer, store}}: own and pushed families merged by name, families sorted by
 * name, metrics sorted by their label values ({@code internal.NormalizeMetricFamilies}), empty
 * families left out; text 0.0.4 unless the client asks for delimited protobuf.
 */
final class Exposition {
  private Exposition() {}

  /** The answer: content type and body, or a 500 text. */
  record Answer(int status, String contentType, byte[] body) {}

  static Answer scrape(Store store, SelfMetrics self, String accept) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      return scrape(store, self, accept, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Writes a scrape to {@code sink} as it goes (a 1M-series scrape is never held whole); returns
   * the answer with an empty body, or the 500 answer (and writes nothing).
   */
  static Answer scrape(Store store, SelfMetrics self, String accept, OutputStream sink)
      throws IOException {
    Store.Gathered g = store.gather();
    if (g.error() != null) {
      return error(g.error());
    }
    // a name is either the gateway's own, pushed (lines in scrape order, text rendered), or both
    // (then merged and sorted here, as the real one merges its two gatherers)
    TreeMap<String, Object> byName = new TreeMap<>(Utf8::compare);
    for (Family f : self.collect()) {
      byName.put(f.name, f);
    }
    for (Store.Merged m : g.families()) {
      Object o = byName.get(m.family().name);
      if (o == null) {
        byName.put(m.family().name, m);
      } else {
        Family own = (Family) o;
        List<Family.Metric> all = new ArrayList<>(own.metrics);
        all.addAll(m.metrics());
        byName.put(m.family().name, new Family(own.name, own.help, own.type, all));
      }
    }
    boolean protobuf = wantsProtobuf(accept);
    Chunked out = new Chunked(sink);
    for (Object v : byName.values()) {
      if (v instanceof Store.Merged m) {
        if (m.lines().length == 0) {
          continue;
        }
        if (protobuf) {
          Protobuf.writeDelimited(m.family(), m.metrics(), out);
          continue;
        }
        if (renderedWhole(m.lines())) {
          TextFormat.header(m.family(), out);
          for (Store.Line l : m.lines()) {
            out.write(l.text, 0, l.text.length);
          }
          continue;
        }
        String err = TextFormat.write(m.family(), m.metrics(), out);
        if (err != null) {
          return error(err);
        }
        continue;
      }
      Family f = (Family) v;
      if (f.metrics.isEmpty()) {
        continue;
      }
      List<Family.Metric> sorted = new ArrayList<>(f.metrics);
      sorted.sort(METRIC_ORDER);
      if (protobuf) {
        Protobuf.writeDelimited(f, sorted, out);
      } else {
        String err = TextFormat.write(f, sorted, out);
        if (err != null) {
          return error(err);
        }
      }
    }
    out.drain();
    byte[] body = sink instanceof ByteArrayOutputStream b ? b.toByteArray() : new byte[0];
    return new Answer(200, protobuf ? Protobuf.CONTENT_TYPE : TextFormat.CONTENT_TYPE, body);
  }

  private static boolean renderedWhole(Store.Line[] lines) {
    for (Store.Line l : lines) {
      if (l.text == null) {
        return false;
      }
    }
    return true;
  }

  /** Whether a scrape would answer 200 with this Accept: its content type, else null. */
  static String contentType(String accept) {
    return wantsProtobuf(accept) ? Protobuf.CONTENT_TYPE : TextFormat.CONTENT_TYPE;
  }

  /**
   * A buffer that hands its bytes on whenever it is full. Its writes are not synchronised (as
   * {@code ByteArrayOutputStream}'s are): the text writer calls them once per byte.
   */
  private static final class Chunked extends ByteArrayOutputStream {
    private final OutputStream sink;

    Chunked(OutputStream sink) {
      super(64 * 1024);
      this.sink = sink;
    }

    @Override
    public void write(int b) {
      if (count == buf.length) {
        drainUnchecked();
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (len > buf.length - count) {
        drainUnchecked();
        if (len > buf.length) {
          try {
            sink.write(b, off, len);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return;
        }
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void drainUnchecked() {
      try {
        drain();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void drain() throws IOException {
      sink.write(buf, 0, count);
      count = 0;
    }
  }

  private static Answer error(String err) {
    return new Answer(
        500,
        "text/plain; charset=utf-8",
        ("An error has occurred while serving metrics:\n\n" + err + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** client_golang internal.metricSorter. */
  static final Comparator<Family.Metric> METRIC_ORDER =
      (a, b) -> {
        if (a.labels.length != b.labels.length) {
          return Integer.compare(a.labels.length, b.labels.length);
        }
        for (int i = 1; i < a.labels.length; i += 2) {
          int c = Utf8.compare(a.labels[i], b.labels[i]);
          if (c != 0) {
            return c;
          }
        }
        if (a.timestampMs == null) {
          return b.timestampMs == null ? 0 : 1;
        }
        if (b.timestampMs == null) {
          return -1;
        }
        return Long.compare(a.timestampMs, b.timestampMs);
      };

  /**
   * expfmt.Negotiate (prometheus/common 0.37): delimited protobuf when an Accept entry is {@code
   * application/vnd.google.protobuf} with {@code proto=io.prometheus.client.MetricFamily} and
   * {@code encoding=delimited}; text otherwise (OpenMetrics is not enabled in the real one).
   */
  static boolean wantsProtobuf(String accept) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String[] params = part.split(";");
      if (!params[0].trim().equalsIgnoreCase("application/vnd.google.protobuf")) {
        continue;
      }
      String proto = null;
      String enc = null;
      for (int i = 1; i < params.length; i++) {
        String[] kv = params[i].trim().split("=", 2);
        if (kv.length == 2) {
          if (kv[0].trim().equals("proto")) {
            proto = kv[1].trim();
          } else if (kv[0].trim().equals("encoding")) {
            enc = kv[1].trim();
          }
        }
      }
      if ("io.prometheus.client.MetricFamily".equals(proto) && "delimited".equals(enc)) {
        return true;
      }
      // Negotiate returns at the first protobuf entry with the right proto, whatever encoding
      if ("io.prometheus.client.MetricFamily".equals(proto)) {
        return false;
      }
    }
    return false;
  }
}
