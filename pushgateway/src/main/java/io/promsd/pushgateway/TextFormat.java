package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The text exposition format 0.0.4 written as prometheus/common 0.37's {@code
 * expfmt.MetricFamilyToText} writes it: HELP (only when set) and TYPE lines, one line per sample,
 * summaries as quantiles then {@code _sum} and {@code _count}, histograms with an {@code le="+Inf"}
 * bucket added when missing, Go's shortest float formatting.
 */
final class TextFormat {
  private TextFormat() {}

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Writes one family; returns an error text (and writes nothing more) where expfmt fails, e.g. a
   * metric without the value its type needs.
   */
  static String write(Family f, List<Family.Metric> metrics, ByteArrayOutputStream out) {
    header(f, out);
    for (Family.Metric m : metrics) {
      String err = metric(f.name, f.type, m, out);
      if (err != null) {
        return err;
      }
    }
    return null;
  }

  /** The HELP (when set) and TYPE lines of a family. */
  static void header(Family f, ByteArrayOutputStream out) {
    if (f.help != null) {
      ascii(out, "# HELP ");
      utf8(out, f.name);
      out.write(' ');
      escaped(out, f.help, false);
      out.write('\n');
    }
    ascii(out, "# TYPE ");
    utf8(out, f.name);
    ascii(
        out,
        switch (f.type) {
          case COUNTER -> " counter\n";
          case GAUGE -> " gauge\n";
          case SUMMARY -> " summary\n";
          case UNTYPED -> " untyped\n";
          case HISTOGRAM -> " histogram\n";
        });
  }

  /**
   * The sample lines of one metric of a family of that name and type; returns an error text (and
   * writes nothing) where expfmt fails, e.g. a metric without the value its type needs.
   */
  static String metric(String name, MetricType type, Family.Metric m, ByteArrayOutputStream out) {
    switch (type) {
      case COUNTER -> {
        if (m.counter == null) {
          return "expected counter in metric " + name + " " + ProtoText.metric(m);
        }
        sample(out, name, "", m, null, 0, m.counter);
      }
      case GAUGE -> {
        if (m.gauge == null) {
          return "expected gauge in metric " + name + " " + ProtoText.metric(m);
        }
        sample(out, name, "", m, null, 0, m.gauge);
      }
      case UNTYPED -> {
        if (m.untyped == null) {
          return "expected untyped in metric " + name + " " + ProtoText.metric(m);
        }
        sample(out, name, "", m, null, 0, m.untyped);
      }
      case SUMMARY -> {
        if (m.summary == null) {
          return "expected summary in metric " + name + " " + ProtoText.metric(m);
        }
        for (double[] q : m.summary.quantiles) {
          sample(out, name, "", m, "quantile", q[0], q[1]);
        }
        sample(out, name, "_sum", m, null, 0, orZero(m.summary.sampleSum));
        sample(out, name, "_count", m, null, 0, uint64ToDouble(m.summary.sampleCount));
      }
      case HISTOGRAM -> {
        if (m.histogram == null) {
          return "expected histogram in metric " + name + " " + ProtoText.metric(m);
        }
        boolean infSeen = false;
        for (Family.Bucket b : m.histogram.buckets) {
          double ub = orZero(b.upperBound);
          sample(out, name, "_bucket", m, "le", ub, uint64ToDouble(b.cumulativeCount));
          if (ub == Double.POSITIVE_INFINITY) {
            infSeen = true;
          }
        }
        if (!infSeen) {
          sample(
              out,
              name,
              "_bucket",
              m,
              "le",
              Double.POSITIVE_INFINITY,
              uint64ToDouble(m.histogram.sampleCount));
        }
        sample(out, name, "_sum", m, null, 0, orZero(m.histogram.sampleSum));
        sample(out, name, "_count", m, null, 0, uint64ToDouble(m.histogram.sampleCount));
      }
    }
    return null;
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  /** Go's {@code float64(uint64)}. */
  static double uint64ToDouble(Long v) {
    if (v == null) {
      return 0;
    }
    long x = v;
    if (x >= 0) {
      return x;
    }
    // unsigned: halve (keeping the low bit for rounding), convert, double
    return ((double) ((x >>> 1) | (x & 1))) * 2.0;
  }

  private static void sample(
      ByteArrayOutputStream out,
      String name,
      String suffix,
      Family.Metric m,
      String extraName,
      double extraValue,
      double value) {
    utf8(out, name);
    ascii(out, suffix);
    labels(out, m.labels, extraName, extraValue);
    out.write(' ');
    ascii(out, floatText(value));
    if (m.timestampMs != null) {
      out.write(' ');
      ascii(out, Long.toString(m.timestampMs));
    }
    out.write('\n');
  }

  static void labels(
      ByteArrayOutputStream out, String[] labels, String extraName, double extraValue) {
    if (labels.length > 0 || extraName != null) {
      char sep = '{';
      for (int i = 0; i < labels.length; i += 2) {
        out.write(sep);
        utf8(out, labels[i]);
        out.write('=');
        out.write('"');
        escaped(out, labels[i + 1], true);
        out.write('"');
        sep = ',';
      }
      if (extraName != null) {
        out.write(sep);
        ascii(out, extraName);
        out.write('=');
        out.write('"');
        ascii(out, floatText(extraValue));
        out.write('"');
      }
      out.write('}');
    }
  }

  /** expfmt's writeFloat. */
  static String floatText(double f) {
    if (f == 1) {
      return "1";
    }
    if (f == 0) {
      return "0";
    }
    if (f == -1) {
      return "-1";
    }
    return GoFloat.g(f);
  }

  private static void escaped(ByteArrayOutputStream out, String s, boolean quotes) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        ascii(out, "\\\\");
      } else if (c == '\n') {
        ascii(out, "\\n");
      } else if (quotes && c == '"') {
        ascii(out, "\\\"");
      } else if (c < 0x80) {
        out.write(c);
      } else {
        int j = i + 1;
        while (j < s.length()) {
          char d = s.charAt(j);
          if (d < 0x80) {
            break;
          }
          j++;
        }
        Utf8.encodeTo(s.substring(i, j), out);
        i = j - 1;
      }
    }
  }

  static void ascii(ByteArrayOutputStream out, String s) {
    for (int i = 0; i < s.length(); i++) {
      out.write(s.charAt(i));
    }
  }

  static void utf8(ByteArrayOutputStream out, String s) {
    Utf8.encodeTo(s, out);
  }
}
