package io.promsd.sd.internal.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads target groups ({@code {targets: [...], labels: {...}}}) as Prometheus's {@code
 * targetgroup.Group} unmarshalers do: from YAML for {@code static_configs} and YAML file SD files,
 * from JSON (Go's {@code encoding/json} rules) for JSON file SD files. Each target becomes {@code
 * {__address__: target}}; label names are checked (legacy names in 2.x, UTF-8 in 3.x).
 */
public final class TargetGroups {
  private TargetGroups() {}

  /** The Go type yaml.v2 names in errors about a group. */
  public static final String GROUP_GO_TYPE =
      "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet"
          + " \"yaml:\\\"labels\\\"\" }";

  /**
   * One group from a YAML mapping. Type problems go to the decoder; an invalid label name throws. A
   * null node is not accepted here (callers report it in their own words).
   */
  public static TargetGroup decodeYaml(Node n, Decoder d, Compat compat, String source) {
    Fields f = d.struct(n, GROUP_GO_TYPE);
    List<Labels> targets = new ArrayList<>();
    Labels.Builder labels = Labels.builder();
    for (String key : f.remaining()) {
      switch (key) {
        case "targets" -> {
          List<String> list = d.stringList(f.take(key), "[]string", "string");
          if (list != null) {
            for (String t : list) {
              targets.add(Labels.of("__address__", t));
            }
          }
        }
        case "labels" -> {
          for (Map.Entry<Node, Node> e : d.mapEntries(f.take(key), "model.LabelSet")) {
            String name = labelName(e.getKey(), d, compat);
            labels.set(name, d.string(e.getValue(), "model.LabelValue"));
          }
        }
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
    return group(source, labels, targets);
  }

  private static String labelName(Node key, Decoder d, Compat compat) {
    if (key.isNull()) {
      return ""; // Go leaves a null key as the zero name, unchecked
    }
    String name = d.string(key, "model.LabelName");
    if (!compat.defaultNameValidation().isValid(name)) {
      throw d.error(key, GoText.quote(name) + " is not a valid label name");
    }
    return name;
  }

  /**
   * A group whose targets hide the group's {@code __address__}: every target carries one, even an
   * empty one, so Prometheus never applies the group's (see {@link TargetGroup}).
   */
  static TargetGroup group(String source, Labels.Builder labels, List<Labels> targets) {
    labels.delete("__address__");
    return new TargetGroup(source, labels.build(), targets);
  }

  /**
   * The groups of a JSON file SD file ({@code []*targetgroup.Group}), decoded as Go's {@code
   * encoding/json} does: field names match case-insensitively, unknown fields are errors, {@code
   * null} means none, label values must be strings.
   *
   * @param sourcePrefix the file path; group {@code i} gets source {@code <path>:<i>}
   * @throws ConfigException with Go's message (e.g. {@code json: unknown field "target"})
   */
  public static List<TargetGroup> decodeJsonFile(
      Node root, String file, Compat compat, String sourcePrefix) {
    if (root.isNull()) {
      return List.of();
    }
    if (root.kind() != Node.Kind.SEQUENCE) {
      throw new ConfigException(
          "json: cannot unmarshal "
              + jsonKind(root)
              + " into Go value of type []*targetgroup.Group",
          file,
          root.line());
    }
    List<TargetGroup> out = new ArrayList<>();
    List<Node> items = root.items();
    // Go decodes the whole array first (type errors and unknown fields stop it), then checks.
    List<Labels.Builder> groupLabels = new ArrayList<>();
    List<List<Labels>> groupTargets = new ArrayList<>();
    String firstNil = null;
    for (int i = 0; i < items.size(); i++) {
      Node g = items.get(i);
      if (g.isNull()) {
        groupLabels.add(null);
        groupTargets.add(null);
        if (firstNil == null) {
          firstNil = "nil target group item found (index " + i + ")";
        }
        continue;
      }
      if (g.kind() != Node.Kind.MAPPING) {
        // targetgroup.go Group.UnmarshalJSON decodes into an anonymous struct: Go names its type.
        throw new ConfigException(
            "json: cannot unmarshal "
                + jsonKind(g)
                + " into Go value of type struct { Targets []string \"json:\\\"targets\\\"\";"
                + " Labels model.LabelSet \"json:\\\"labels\\\"\" }",
            file,
            g.line());
      }
      Labels.Builder labels = Labels.builder();
      List<Labels> targets = new ArrayList<>();
      for (Map.Entry<Node, Node> e : g.entries()) {
        String key = e.getKey().text().toLowerCase(Locale.ROOT);
        Node v = e.getValue();
        switch (key) {
          case "targets" -> {
            targets = new ArrayList<>(); // a repeated key: the last one wins
            if (v.isNull()) {
              break;
            }
            if (v.kind() != Node.Kind.SEQUENCE) {
              throw fieldType(v, "targets", "[]string", file);
            }
            for (Node t : v.items()) {
              if (t.isNull()) {
                targets.add(Labels.empty());
                continue;
              }
              if (!t.tag().equals("!!str")) {
                throw fieldType(t, "targets", "string", file);
              }
              targets.add(Labels.of("__address__", t.text()));
            }
          }
          case "labels" -> {
            // model.LabelSet decodes into a fresh map: a repeated key replaces, not merges.
            labels = Labels.builder();
            if (v.isNull()) {
              break;
            }
            if (v.kind() != Node.Kind.MAPPING) {
              throw fieldType(v, "labels", "model.LabelSet", file);
            }
            for (Map.Entry<Node, Node> le : v.entries()) {
              Node lv = le.getValue();
              if (lv.isNull()) {
                labels.delete(le.getKey().text());
                continue;
              }
              if (!lv.tag().equals("!!str")) {
                throw fieldType(lv, "labels", "model.LabelValue", file);
              }
              labels.set(le.getKey().text(), lv.text());
            }
            // Go's LabelSet.UnmarshalJSON checks names after decoding the map.
            for (Map.Entry<Node, Node> le : v.entries()) {
              String name = le.getKey().text();
              if (!compat.defaultNameValidation().isValid(name)) {
                throw new ConfigException(
                    GoText.quote(name) + " is not a valid label name", file, le.getKey().line());
              }
            }
          }
          default ->
              throw new ConfigException(
                  "json: unknown field " + GoText.quote(e.getKey().text()), file, v.line());
        }
      }
      groupLabels.add(labels);
      groupTargets.add(targets);
    }
    if (firstNil != null) {
      throw new ConfigException(firstNil, file, 0);
    }
    for (int i = 0; i < groupLabels.size(); i++) {
      out.add(group(sourcePrefix + ":" + i, groupLabels.get(i), groupTargets.get(i)));
    }
    return out;
  }

  private static ConfigException fieldType(Node v, String field, String goType, String file) {
    return new ConfigException(
        "json: cannot unmarshal "
            + jsonKind(v)
            + " into Go struct field ."
            + field
            + " of type "
            + goType,
        file,
        v.line());
  }

  /** Go's name for a JSON value's kind in unmarshal errors. */
  private static String jsonKind(Node n) {
    return switch (n.kind()) {
      case MAPPING -> "object";
      case SEQUENCE -> "array";
      case SCALAR ->
          switch (n.tag()) {
            case "!!str" -> "string";
            case "!!bool" -> "bool";
            case "!!null" -> "null";
            default -> "number";
          };
    };
  }

  /**
   * The groups of a YAML file SD file ({@code []*targetgroup.Group}); an empty document is zero
   * groups. Null items fail with {@code nil target group item found (index i)}.
   */
  public static List<TargetGroup> decodeYamlFile(
      Node root, String file, Compat compat, String sourcePrefix) {
    Decoder d = new Decoder(file);
    List<Node> items = d.sequence(root, "[]*targetgroup.Group");
    d.finish();
    if (items == null) {
      return List.of();
    }
    List<TargetGroup> out = new ArrayList<>();
    String firstNil = null;
    for (int i = 0; i < items.size(); i++) {
      Node g = items.get(i);
      if (g.isNull()) {
        if (firstNil == null) {
          firstNil = "nil target group item found (index " + i + ")";
        }
        continue;
      }
      out.add(decodeYaml(g, d, compat, sourcePrefix + ":" + i));
    }
    d.finish();
    if (firstNil != null) {
      throw new ConfigException(firstNil, file, 0);
    }
    return out;
  }

  /** Whether {@code name} is a valid label name under {@code compat}'s default rule. */
  static boolean validName(String name, Compat compat) {
    return compat.defaultNameValidation() == NameValidation.LEGACY
        ? NameValidation.isLegacyName(name)
        : NameValidation.isUtf8Name(name);
  }
}
