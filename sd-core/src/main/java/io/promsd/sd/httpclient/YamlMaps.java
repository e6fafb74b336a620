package io.promsd.sd.httpclient;

import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.GoText;
import io.promsd.relabel.config.Node;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Decodes Go {@code map[string]V} fields with strict yaml.v2's checks and texts. */
final class YamlMaps {
  private YamlMaps() {}

  /**
   * A string-keyed map, or null for an absent or null node (Go's nil map; an empty mapping gives an
   * empty, non-null map). A repeated key is reported as yaml.v2 reports it, {@code key "x" already
   * set in map}, at the line of its value, and the first value stays.
   */
  static <V> Map<String, V> decode(Node n, Decoder d, String goType, Function<Node, V> value) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.kind() != Node.Kind.MAPPING) {
      d.typeError(n, goType);
      return null;
    }
    Map<String, V> out = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : n.entries()) {
      String key = d.string(e.getKey());
      V v = value.apply(e.getValue());
      if (out.containsKey(key)) {
        d.problem(e.getValue(), "key " + GoText.quote(key) + " already set in map");
        continue;
      }
      out.put(key, v);
    }
    return Collections.unmodifiableMap(out);
  }

  /** A {@code map[string]string}. */
  static Map<String, String> strings(Node n, Decoder d) {
    return decode(n, d, "map[string]string", v -> d.string(v));
  }

  /** A Go {@code []T} of strings; null for absent or null (nil slice). */
  static List<String> stringList(Node n, Decoder d, String goType, String itemGoType) {
    List<String> l = d.stringList(n, goType, itemGoType);
    return l == null ? null : List.copyOf(l);
  }

  /**
   * A value decoded into Go's {@code any} as yaml.v2 does: strings, {@code Long} or {@code
   * BigInteger}, {@code Double}, {@code Boolean}, null, lists and string-keyed maps. Used for JWT
   * claims, whose values are arbitrary.
   */
  static Object any(Node n) {
    if (n == null || n.isNull()) {
      return null;
    }
    switch (n.kind()) {
      case SEQUENCE:
        {
          List<Object> items = new ArrayList<>();
          for (Node item : n.items()) {
            items.add(any(item));
          }
          return Collections.unmodifiableList(items);
        }
      case MAPPING:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (Map.Entry<Node, Node> e : n.entries()) {
            m.putIfAbsent(e.getKey().text(), any(e.getValue()));
          }
          return Collections.unmodifiableMap(m);
        }
      default:
        break;
    }
    String text = n.text().replace("_", "");
    switch (n.tag()) {
      case "!!bool":
        return d2bool(n.text());
      case "!!int":
        {
          BigInteger v = io.promsd.relabel.config.Documents.parseGoInt(text);
          if (v != null) {
            return v.bitLength() <= 63 ? (Object) v.longValue() : v;
          }
          return n.text();
        }
      case "!!float":
        try {
          return Double.valueOf(text);
        } catch (NumberFormatException e) {
          return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case ".nan" -> Double.NaN;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.POSITIVE_INFINITY;
          };
        }
      default:
        return n.text();
    }
  }

  private static Boolean d2bool(String text) {
    return switch (text) {
      case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> true;
      default -> false;
    };
  }
}
