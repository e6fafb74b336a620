package io.promsd.relabel.internal.config;

import io.promsd.relabel.ConfigException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decodes {@link Node} trees into values with the strictness and the error texts of Go's yaml.v2 in
 * strict mode, which Prometheus uses for its configuration.
 *
 * <p>Like yaml.v2, type problems (a wrong type, an unknown field, a repeated key) are collected and
 * decoding goes on; {@link #finish()} then throws them together as {@code yaml: unmarshal errors:},
 * one line each. A semantic error (a validation that Prometheus runs in an {@code UnmarshalYAML}
 * method) is thrown at once by the caller and wins over collected type errors, as in Go. Not
 * thread-safe: one decoder per document.
 */
public final class Decoder {
  private record Problem(int line, int column, String text) {}

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  /** A decoder for a document read from {@code file} (may be null). */
  public Decoder(String file) {
    this.file = file;
  }

  /** The file being decoded, or null. */
  public String file() {
    return file;
  }

  /** Whether type errors have been collected so far. */
  public boolean hasTypeErrors() {
    return !problems.isEmpty();
  }

  /** The number of type errors collected so far; see {@link #typeErrorsSince(int)}. */
  public int typeErrorCount() {
    return problems.size();
  }

  /**
   * Whether type errors were collected after the first {@code mark} ones. Prometheus's {@code
   * UnmarshalYAML} methods stop before validating when their plain decode had type errors.
   */
  public boolean typeErrorsSince(int mark) {
    return problems.size() > mark;
  }

  /** Records {@code line N: cannot unmarshal <tag> `value` into <goType>}. */
  public void typeError(Node n, String goType) {
    problems.add(
        new Problem(
            n.line(),
            n.column(),
            "cannot unmarshal " + n.describeForTypeError() + " into " + goType));
  }

  /** Records a type error with a custom text at the node's line. */
  public void problem(Node n, String text) {
    problems.add(new Problem(n.line(), n.column(), text));
  }

  /**
   * Throws the collected type errors, if any, as Prometheus reports them: {@code yaml: unmarshal
   * errors:\n line 3: field foo not found in type relabel.plain}.
   */
  public void finish() {
    if (problems.isEmpty()) {
      return;
    }
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    StringBuilder sb = new StringBuilder("yaml: unmarshal errors:");
    for (Problem p : sorted) {
      sb.append("\n  line ").append(p.line).append(": ").append(p.text);
    }
    throw new ConfigException(sb.toString(), file, sorted.get(0).line);
  }

  /** A semantic error at {@code n}: Prometheus's message, located; thrown by the caller. */
  public ConfigException error(Node n, String message) {
    return new ConfigException(message, file, n == null ? 0 : n.line());
  }

  /**
   * The fields of a struct-like mapping ({@code goType} names the Go type for messages). A null
   * node gives no fields; a scalar or sequence is a type error and gives no fields.
   */
  public Fields struct(Node n, String goType) {
    if (n == null || n.isNull()) {
      return new Fields(this, goType, List.of(), true);
    }
    if (n.kind() != Node.Kind.MAPPING) {
      typeError(n, goType);
      return new Fields(this, goType, List.of(), false);
    }
    return new Fields(this, goType, n.entries(), true);
  }

  /** A string field: a scalar's text, {@code ""} for null; other kinds are type errors. */
  public String string(Node n) {
    return string(n, "string");
  }

  /** As {@link #string(Node)}, naming {@code goType} (e.g. {@code model.LabelName}) in errors. */
  public String string(Node n, String goType) {
    if (n == null || n.isNull()) {
      return "";
    }
    if (n.kind() != Node.Kind.SCALAR) {
      typeError(n, goType);
      return "";
    }
    return n.text();
  }

  /** A boolean; null gives {@code dflt}. */
  public boolean bool(Node n, boolean dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.kind() == Node.Kind.SCALAR && n.tag().equals("!!bool")) {
      return switch (n.text()) {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> true;
        default -> false;
      };
    }
    typeError(n, "bool");
    return dflt;
  }

  /**
   * An unsigned 64-bit integer as yaml.v2 decodes one: non-negative ints, and floats truncated;
   * returned as a long holding the unsigned bits. Null gives 0.
   */
  public long uint64(Node n) {
    return uint64(n, "uint64");
  }

  /**
   * {@link #uint64(Node)} for a Go field of another unsigned type as wide ({@code uint} on 64-bit
   * platforms), named {@code goType} in a type error ({@code cannot unmarshal !!int `-1` into
   * uint}).
   */
  public long uint64(Node n, String goType) {
    if (n == null || n.isNull()) {
      return 0;
    }
    if (n.kind() == Node.Kind.SCALAR) {
      String plain = n.text().replace("_", "");
      if (n.tag().equals("!!int")) {
        BigInteger v = Documents.parseGoInt(plain);
        if (v != null && v.signum() >= 0) {
          return v.longValue();
        }
      } else if (n.tag().equals("!!float")) {
        double v = parseFloat(plain);
        if (v <= 18446744073709551615.0) { // Go: resolved <= math.MaxUint64 (a float64: 2^64)
          return goFloatToUint64(v);
        }
      }
    }
    typeError(n, goType);
    return 0;
  }

  /** Go's float64 to uint64 conversion on amd64, out-of-range values included. */
  static long goFloatToUint64(double x) {
    final double twoTo63 = 9.223372036854775808E18;
    if (x < twoTo63) {
      return (long) x; // CVTTSD2SI; below -2^63 both give 0x8000000000000000
    }
    double y = x - twoTo63;
    long low = y >= twoTo63 ? Long.MIN_VALUE : (long) y;
    return low | Long.MIN_VALUE;
  }

  private static double parseFloat(String s) {
    switch (s) {
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return Double.POSITIVE_INFINITY;
      case "-.inf", "-.Inf", "-.INF":
        return Double.NEGATIVE_INFINITY;
      case ".nan", ".NaN", ".NAN":
        return Double.NaN;
      default:
        return Double.parseDouble(s);
    }
  }

  /** A signed integer ({@code int} in Go); null gives {@code dflt}. */
  public long int64(Node n, long dflt, String goType) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.kind() == Node.Kind.SCALAR) {
      String plain = n.text().replace("_", "");
      if (n.tag().equals("!!int")) {
        BigInteger v = Documents.parseGoInt(plain);
        if (v != null && v.bitLength() <= 63) {
          return v.longValue();
        }
      } else if (n.tag().equals("!!float")) {
        try {
          BigDecimal d = new BigDecimal(plain);
          if (d.abs().compareTo(new BigDecimal(Long.MAX_VALUE)) <= 0) {
            return d.toBigInteger().longValue();
          }
        } catch (NumberFormatException e) {
          // fall through to the type error
        }
      }
    }
    typeError(n, goType);
    return dflt;
  }

  /**
   * A list of strings; null gives null (Go's nil slice), a non-sequence is a type error. Each item
   * is checked by {@code item} (e.g. a label name check) if given.
   */
  public List<Node> sequence(Node n, String goType) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.kind() != Node.Kind.SEQUENCE) {
      typeError(n, goType);
      return null;
    }
    return n.items();
  }

  /** A list of strings ({@code []string}); null gives null. */
  public List<String> stringList(Node n, String goType, String itemGoType) {
    List<Node> items = sequence(n, goType);
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>(items.size());
    for (Node item : items) {
      out.add(string(item, itemGoType));
    }
    return out;
  }

  /**
   * A map of string to string ({@code map[string]string}); repeated keys as {@link #map}. Null
   * gives an empty map.
   */
  public Map<String, String> stringMap(Node n, String goType) {
    Map<String, String> out = map(n, goType, this::string);
    return out == null ? new LinkedHashMap<>() : out;
  }

  /**
   * A string-keyed Go map ({@code map[string]V}, or a named string key type such as {@code
   * model.LabelName}) decoded as strict yaml.v2 decodes one: each value is decoded by {@code value}
   * in document order, and a key seen before is the type error {@code key "x" already set in map}
   * at the line of its value, its first value staying. Null or absent gives null (Go's nil map); an
   * empty mapping gives an empty map; a scalar or sequence is a type error and gives null.
   */
  public <V> Map<String, V> map(Node n, String goType, Function<Node, V> value) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.kind() != Node.Kind.MAPPING) {
      typeError(n, goType);
      return null;
    }
    Map<String, V> out = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      String key = string(e.getKey());
      V v = value.apply(e.getValue());
      if (out.containsKey(key)) {
        repeatedKey(e);
        continue;
      }
      out.put(key, v);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The entries of a string-keyed map node, for callers that need the key nodes; a repeated key is
   * reported as {@link #map} reports it and left out (the first one stays), so its value is not
   * decoded. Null gives no entries.
   */
  public List<Map.Entry<Node, Node>> mapEntries(Node n, String goType) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (n.kind() != Node.Kind.MAPPING) {
      typeError(n, goType);
      return List.of();
    }
    List<Map.Entry<Node, Node>> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      Node k = e.getKey();
      if (!seen.add(k.kind() == Node.Kind.SCALAR ? k.text() : k.toString())) {
        repeatedKey(e);
        continue;
      }
      out.add(e);
    }
    return out;
  }

  // yaml.v2 decoder.setMapIndex: "key %#v already set in map" at the value's line; %#v of a
  // string (or named string) key is the quoted string.
  private void repeatedKey(Map.Entry<Node, Node> e) {
    problem(e.getValue(), "key " + GoText.quote(e.getKey().text()) + " already set in map");
  }
}
