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
  /**
   * The most labels a target group may set (issue 17). Prometheus has no such bound; without one a
   * file of a million labels took minutes to read. Ten thousand is far above any real group (a
   * Kubernetes object's labels and annotations together stay under 256 KiB).
   */
  public static final int MAX_LABELS = 10_000;

  /** The longest label value (and target address) a target group may hold, in characters. */
  public static final int MAX_VALUE_CHARS = 1 << 20;

  private static void checkLabelCount(int n, String file, int line) {
    if (n > MAX_LABELS) {
      throw new ConfigException(
          "target group has " + n + " labels, more than the " + MAX_LABELS + " promsd accepts",
          file,
          line);
    }
  }

  private static void checkValue(String what, String value, String file, int line) {
    if (value != null && value.length() > MAX_VALUE_CHARS) {
      throw new ConfigException(
          what
              + " is "
              + value.length()
              + " characters long, more than the "
              + MAX_VALUE_CHARS
              + " promsd accepts",
          file,
          line);
    }
  }

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
              checkValue("target " + GoText.quote(cut(t)), t, d.file(), n.line());
              targets.add(Labels.of("__address__", t));
            }
          }
        }
        case "labels" -> {
          List<Map.Entry<Node, Node>> entries = d.mapEntries(f.take(key), "model.LabelSet");
          checkLabelCount(entries.size(), d.file(), n.line());
          for (Map.Entry<Node, Node> e : entries) {
            String name = labelName(e.getKey(), d, compat);
            String value = d.string(e.getValue(), "model.LabelValue");
            checkValue("label " + GoText.quote(cut(name)), value, d.file(), e.getKey().line());
            labels.set(name, value);
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
              checkValue("target " + GoText.quote(cut(t.text())), t.text(), file, t.line());
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
            checkLabelCount(v.entries().size(), file, v.line());
            for (Map.Entry<Node, Node> le : v.entries()) {
              Node lv = le.getValue();
              if (lv.isNull()) {
                labels.delete(le.getKey().text());
                continue;
              }
              if (!lv.tag().equals("!!str")) {
                throw fieldType(lv, "labels", "model.LabelValue", file);
              }
              checkValue(
                  "label " + GoText.quote(cut(le.getKey().text())),
                  lv.text(),
                  file,
                  le.getKey().line());
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

  /** A name or address as shown in a bound's message: its first 64 characters. */
  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  /** Whether {@code name} is a valid label name under {@code compat}'s default rule. */
  static boolean validName(String name, Compat compat) {
    return compat.defaultNameValidation() == NameValidation.LEGACY
        ? NameValidation.isLegacyName(name)
        : NameValidation.isUtf8Name(name);
  }
}
