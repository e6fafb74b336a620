package io.promsd.examples.scraper;

import io.promsd.relabel.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Prometheus text format for the example: {@code name{a="b",...} value
 * [timestamp]} lines, {@code #} comments skipped. A line it cannot read fails the whole scrape, as
 * in Prometheus.
 */
final class TextFormat {
  private TextFormat() {}

  record Sample(Labels labels, double value) {}

  static List<Sample> parse(String body) {
    List<Sample> out = new ArrayList<>();
    int n = 0;
    for (String line : body.split("\n", -1)) {
      n++;
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        out.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + n + ": cannot parse " + line, e);
      }
    }
    return out;
  }

  private static Sample sample(String line) {
    Labels.Builder b = Labels.builder();
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    b.set("__name__", line.substring(0, i));
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String name = line.substring(i, eq).strip();
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("expected a quoted value at " + i);
        }
        StringBuilder v = new StringBuilder();
        for (i++; line.charAt(i) != '"'; i++) {
          char c = line.charAt(i);
          if (c == '\\') {
            c = line.charAt(++i);
            v.append(c == 'n' ? '\n' : c);
          } else {
            v.append(c);
          }
        }
        i++;
        b.set(name, v.toString());
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          default -> Double.parseDouble(rest[0]);
        };
    return new Sample(b.build(), value);
  }
}
