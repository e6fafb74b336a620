package io.promsd.relabel.internal.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one YAML mapping being decoded into a Go struct: take the known ones by name, then
 * {@link #finish()} reports the rest as {@code field X not found in type T}, and repeated ones as
 * {@code field X already set in type T}, exactly as strict yaml.v2 does.
 */
public final class Fields {
  private final Decoder decoder;
  private final String goType;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Node> keys = new LinkedHashMap<>();
  private final List<Node> repeated = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();
  private final boolean mapping;

  Fields(Decoder decoder, String goType, List<Map.Entry<Node, Node>> entries, boolean mapping) {
    this.decoder = decoder;
    this.goType = goType;
    this.mapping = mapping;
    for (Map.Entry<Node, Node> e : entries) {
      Node k = e.getKey();
      String name = k.kind() == Node.Kind.SCALAR ? k.text() : k.toString();
      if (values.containsKey(name)) {
        repeated.add(k);
        continue;
      }
      values.put(name, e.getValue());
      keys.put(name, k);
    }
  }

  /** The decoder these fields report to. */
  public Decoder decoder() {
    return decoder;
  }

  /** Whether the node was a mapping (or null); false after a type error. */
  public boolean isMapping() {
    return mapping;
  }

  /** Whether the key is present (even with a null value). */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of a known field, or null if absent; marks the field as known. */
  public Node take(String name) {
    taken.add(name);
    return values.get(name);
  }

  /** The key node of a field, for locating errors; null if absent. */
  public Node key(String name) {
    return keys.get(name);
  }

  /** Marks fields as known without reading them (settings promsd accepts and ignores). */
  public void accept(String... names) {
    taken.addAll(List.of(names));
  }

  /** The names present and not yet taken, in document order. */
  public List<String> remaining() {
    List<String> out = new ArrayList<>();
    for (String name : values.keySet()) {
      if (!taken.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Reports unknown and repeated fields as type errors. */
  public void finish() {
    for (String name : remaining()) {
      decoder.problem(keys.get(name), "field " + name + " not found in type " + goType);
    }
    for (Node k : repeated) {
      String name = k.kind() == Node.Kind.SCALAR ? k.text() : k.toString();
      if (taken.contains(name)) {
        decoder.problem(k, "field " + name + " already set in type " + goType);
      } else {
        decoder.problem(k, "field " + name + " not found in type " + goType);
      }
    }
  }
}
