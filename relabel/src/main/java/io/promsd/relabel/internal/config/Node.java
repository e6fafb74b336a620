package io.promsd.relabel.internal.config;

import java.util.List;
import java.util.Map;

/**
 * One node of a parsed YAML or JSON document, with its position, resolved the way Go's {@code
 * gopkg.in/yaml.v2} resolves it (which is what Prometheus parses configuration with).
 *
 * <p>A scalar keeps its source text ({@code 1.50} stays {@code "1.50"}), because a Go string field
 * takes a scalar's text whatever its type. Mappings keep their entries in document order, with YAML
 * merge keys ({@code <<}) already applied. Immutable.
 *
 * @param kind what the node is
 * @param tag Go's short tag: {@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool}, {@code
 *     !!null}, {@code !!timestamp}, {@code !!binary}, {@code !!seq} or {@code !!map}
 * @param text a scalar's text (empty for null, sequences and mappings)
 * @param line 1-based line in the source
 * @param column 1-based column in the source
 * @param items a sequence's items (empty otherwise)
 * @param entries a mapping's entries in order (empty otherwise)
 * @param file the source's name as given to the parser (may be empty)
 */
public record Node(
    Kind kind,
    String tag,
    String text,
    int line,
    int column,
    List<Node> items,
    List<Map.Entry<Node, Node>> entries,
    String file) {

  /** The three kinds of node. */
  public enum Kind {
    /** A string, number, boolean, timestamp or null. */
    SCALAR,
    /** A list. */
    SEQUENCE,
    /** A map. */
    MAPPING
  }

  /** Copies the lists. */
  public Node {
    items = List.copyOf(items);
    entries = List.copyOf(entries);
  }

  /** Whether this is a null scalar ({@code ~}, {@code null}, an empty value). */
  public boolean isNull() {
    return kind == Kind.SCALAR && tag.equals("!!null");
  }

  /** Whether this is a scalar that is not null. */
  public boolean isScalar() {
    return kind == Kind.SCALAR && !isNull();
  }

  /**
   * The fragment Go's yaml.v2 shows in a type error: the tag, plus the value in backticks for
   * scalars (cut to 7 characters and {@code ...} when longer than 10).
   */
  public String describeForTypeError() {
    if (kind != Kind.SCALAR) {
      return tag;
    }
    String v = text;
    if (v.length() > 10) {
      v = v.substring(0, 7) + "...";
    }
    return tag + " `" + v + "`";
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SCALAR -> tag + " " + text + " @" + line;
      case SEQUENCE -> "seq" + items + " @" + line;
      case MAPPING -> "map" + entries + " @" + line;
    };
  }
}
