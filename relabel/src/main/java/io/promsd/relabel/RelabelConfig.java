package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One relabel rule ({@code relabel_config}), with Prometheus's defaults: separator {@code ;}, regex
 * {@code (.*)}, replacement {@code $1}, action {@code replace}.
 *
 * <p>Prometheus tells an absent key from a key set to the default value in two places, so this
 * record does too: {@code keepequal}/{@code dropequal} reject any {@code regex} key, even {@code
 * (.*)} ({@link #regexPresent}); {@code labeldrop}/{@code labelkeep} reject any {@code
 * source_labels} key, even {@code []} ({@link #sourceLabelsPresent}). {@link #action} is null only
 * when the YAML said {@code action: ~}, which validation rejects as Prometheus does.
 *
 * <p>Parse rules with {@link #parseYaml}, {@link #parseJson} or build them with {@link #builder()};
 * {@link Relabeler#compile} validates them. Equality ignores {@link #location}.
 *
 * @param sourceLabels label names whose values are joined with {@code separator}
 * @param sourceLabelsPresent whether the {@code source_labels} key was given
 * @param separator joins the source values
 * @param regex the pattern as written (anchored when compiled)
 * @param regexPresent whether the {@code regex} key was given
 * @param modulus the {@code hashmod} modulus, an unsigned 64-bit value
 * @param targetLabel the label written (or read by {@code keepequal}/{@code dropequal})
 * @param replacement the template written by {@code replace} and {@code labelmap}
 * @param action the action, or null for an explicitly empty one
 * @param location where the rule was read from, or null
 */
public record RelabelConfig(
    List<String> sourceLabels,
    boolean sourceLabelsPresent,
    String separator,
    String regex,
    boolean regexPresent,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action,
    Location location) {

  /** Prometheus's default separator. */
  public static final String DEFAULT_SEPARATOR = ";";

  /** Prometheus's default regex. */
  public static final String DEFAULT_REGEX = "(.*)";

  /** Prometheus's default replacement. */
  public static final String DEFAULT_REPLACEMENT = "$1";

  /**
   * Where a rule was read from.
   *
   * @param file the file, or null when parsed from text without a name
   * @param line the 1-based line of the rule
   */
  public record Location(String file, int line) {}

  /** Copies the source label list. */
  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
    requireNonNull(separator, "separator");
    requireNonNull(regex, "regex");
    requireNonNull(targetLabel, "targetLabel");
    requireNonNull(replacement, "replacement");
  }

  /** A builder with Prometheus's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelabelConfig c
        && sourceLabels.equals(c.sourceLabels)
        && sourceLabelsPresent == c.sourceLabelsPresent
        && separator.equals(c.separator)
        && regex.equals(c.regex)
        && regexPresent == c.regexPresent
        && modulus == c.modulus
        && targetLabel.equals(c.targetLabel)
        && replacement.equals(c.replacement)
        && action == c.action;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        sourceLabels,
        sourceLabelsPresent,
        separator,
        regex,
        regexPresent,
        modulus,
        targetLabel,
        replacement,
        action);
  }

  /** The rule in Prometheus's YAML flow style, printing only what differs from the defaults. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    if (sourceLabelsPresent) {
      sb.append("source_labels: [");
      for (int i = 0; i < sourceLabels.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(sourceLabels.get(i));
      }
      sb.append("], ");
    }
    if (!separator.equals(DEFAULT_SEPARATOR)) {
      sb.append("separator: ").append(GoText.quote(separator)).append(", ");
    }
    if (regexPresent) {
      sb.append("regex: ").append(GoText.quote(regex)).append(", ");
    }
    if (modulus != 0) {
      sb.append("modulus: ").append(Long.toUnsignedString(modulus)).append(", ");
    }
    if (!targetLabel.isEmpty()) {
      sb.append("target_label: ").append(GoText.quote(targetLabel)).append(", ");
    }
    if (!replacement.equals(DEFAULT_REPLACEMENT)) {
      sb.append("replacement: ").append(GoText.quote(replacement)).append(", ");
    }
    sb.append("action: ").append(action == null ? "\"\"" : action.yamlName());
    return sb.append('}').toString();
  }

  /**
   * Parses a YAML list of rules (the value of {@code relabel_configs}). Under {@link
   * Compat#PROMETHEUS_2} each rule is validated as it is parsed, as 2.42 does; under 3.x {@link
   * Relabeler#compile} validates.
   *
   * @param file named in errors; may be null
   * @throws RelabelConfigException with Prometheus's message, the file, line and rule index
   */
  public static List<RelabelConfig> parseYaml(String yaml, String file, Compat compat) {
    Node root = Documents.parseYaml(yaml, file);
    return parseRoot(root, file, compat);
  }

  /**
   * Parses a JSON array of rules; the YAML defaults apply to absent keys, and unknown keys are
   * errors as in YAML.
   *
   * @throws RelabelConfigException with Prometheus's message, the file, line and rule index
   */
  public static List<RelabelConfig> parseJson(String json, String file, Compat compat) {
    Node root = Documents.parseJson(json, file);
    return parseRoot(root, file, compat);
  }

  private static List<RelabelConfig> parseRoot(Node root, String file, Compat compat) {
    Decoder d = new Decoder(file);
    List<RelabelConfig> rules;
    try {
      rules = decodeList(root, d, compat, "target");
      d.finish();
    } catch (RelabelConfigException e) {
      throw e;
    } catch (ConfigException e) {
      throw RelabelConfigException.from(e, -1);
    }
    return rules;
  }

  /**
   * Decodes a rule list from an already-parsed node, for loaders of larger documents such as {@code
   * prometheus.yml}. Type errors are collected in {@code decoder}; a semantic error is thrown at
   * once. A null item fails with {@code empty or null <kind> relabeling rule in scrape config},
   * where {@code kind} is {@code target} or {@code metric}.
   *
   * @return the rules, or an empty list for a null node
   */
  public static List<RelabelConfig> decodeList(
      Node list, Decoder decoder, Compat compat, String kind) {
    return decodeList(list, decoder, compat, kind, true);
  }

  /**
   * As {@link #decodeList(Node, Decoder, Compat, String)}; with {@code rejectNulls} false, null
   * items are skipped, for callers that report them later in Prometheus's order (a scrape config
   * checks {@code job_name} first).
   */
  public static List<RelabelConfig> decodeList(
      Node list, Decoder decoder, Compat compat, String kind, boolean rejectNulls) {
    List<Node> items = decoder.sequence(list, "[]*relabel.Config");
    if (items == null) {
      return List.of();
    }
    List<RelabelConfig> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      if (item.isNull()) {
        if (!rejectNulls) {
          continue;
        }
        throw new RelabelConfigException(
            "empty or null " + kind + " relabeling rule in scrape config",
            decoder.file(),
            item.line(),
            i);
      }
      RelabelConfig rule = decodeRule(item, decoder, compat, i);
      if (rule != null) {
        out.add(rule);
      }
    }
    return out;
  }

  /** One rule; null when it had type errors (they are in the decoder). */
  private static RelabelConfig decodeRule(Node n, Decoder d, Compat compat, int index) {
    int mark = d.typeErrorCount();
    Fields f = d.struct(n, "relabel.plain");
    Builder b = builder();
    b.location = new Location(d.file(), n.line());
    try {
      // Go decodes the fields in document order, so the first bad one in the text wins.
      for (String key : f.remaining()) {
        switch (key) {
          case "source_labels" -> {
            List<String> names = sourceLabels(f.take(key), d, compat);
            if (names != null) {
              b.sourceLabels(names); // a null value leaves Go's nil slice: "not present"
            }
          }
          case "separator" -> b.separator(d.string(f.take(key)));
          case "regex" -> b.regex(regex(f.take(key), d, compat));
          case "modulus" -> b.modulus(d.uint64(f.take(key)));
          case "target_label" -> b.targetLabel(d.string(f.take(key)));
          case "replacement" -> b.replacement(d.string(f.take(key)));
          case "action" -> b.action = action(f.take(key), d);
          default -> {
            // unknown: reported by finish()
          }
        }
      }
      f.finish();
    } catch (RelabelConfigException e) {
      throw e;
    } catch (ConfigException e) {
      throw RelabelConfigException.from(e, index);
    }
    if (d.typeErrorsSince(mark)) {
      return null; // Prometheus returns the type errors before validating
    }
    RelabelConfig rule = b.build();
    if (compat == Compat.PROMETHEUS_2) {
      // 2.42 validates inside UnmarshalYAML, so the first bad rule stops the parse.
      rule.validate(compat, NameValidation.LEGACY, index);
    }
    return rule;
  }

  private static List<String> sourceLabels(Node sl, Decoder d, Compat compat) {
    List<Node> names = d.sequence(sl, "model.LabelNames");
    if (names == null) {
      return sl != null && sl.isNull() ? null : List.of();
    }
    List<String> labels = new ArrayList<>(names.size());
    NameValidation scheme = compat.defaultNameValidation();
    for (Node name : names) {
      if (name.isNull()) {
        labels.add(""); // Go leaves a null item as the zero name, unchecked
        continue;
      }
      String s = d.string(name, "string"); // LabelName unmarshals through a plain string
      if (name.kind() == Node.Kind.SCALAR && !scheme.isValid(s)) {
        throw d.error(name, GoText.quote(s) + " is not a valid label name");
      }
      labels.add(s);
    }
    return labels;
  }

  private static String regex(Node re, Decoder d, Compat compat) {
    String text = d.string(re);
    if (re.isScalar()) {
      try {
        Regex.compile(text, compat, false);
      } catch (Regex.SyntaxException e) {
        throw d.error(re, e.getMessage());
      }
    }
    return text;
  }

  private static RelabelAction action(Node a, Decoder d) {
    if (a.isNull()) {
      return null; // "action: ~" leaves Go's zero value: "relabel action cannot be empty"
    }
    String s = d.string(a);
    if (a.kind() != Node.Kind.SCALAR) {
      return RelabelAction.REPLACE; // a type error was recorded; the rule is discarded
    }
    RelabelAction act = RelabelAction.fromYaml(s);
    if (act == null) {
      throw d.error(a, "unknown relabel action " + GoText.quote(s));
    }
    return act;
  }

  /**
   * Checks the rule as Prometheus's {@code Config.Validate} does under {@code compat}, with {@code
   * scheme} as the job's name validation scheme (3.x; 2.x always uses legacy rules).
   *
   * @throws RelabelConfigException naming the rule index
   */
  void validate(Compat compat, NameValidation scheme, int index) {
    String msg = RuleValidation.check(this, compat, scheme);
    if (msg != null) {
      String file = location == null ? null : location.file();
      int line = location == null ? 0 : location.line();
      throw new RelabelConfigException(msg, file, line, index);
    }
  }

  /** Builds {@link RelabelConfig}s programmatically, starting from Prometheus's defaults. */
  public static final class Builder {
    private List<String> sourceLabels = List.of();
    private boolean sourceLabelsPresent;
    private String separator = DEFAULT_SEPARATOR;
    private String regex = DEFAULT_REGEX;
    private boolean regexPresent;
    private long modulus;
    private String targetLabel = "";
    private String replacement = DEFAULT_REPLACEMENT;
    private RelabelAction action = RelabelAction.REPLACE;
    private Location location;

    private Builder() {}

    /** Sets {@code source_labels}. */
    public Builder sourceLabels(String... names) {
      return sourceLabels(List.of(names));
    }

    /** Sets {@code source_labels}. */
    public Builder sourceLabels(List<String> names) {
      this.sourceLabels = List.copyOf(names);
      this.sourceLabelsPresent = true;
      return this;
    }

    /** Sets {@code separator}. */
    public Builder separator(String separator) {
      this.separator = requireNonNull(separator);
      return this;
    }

    /** Sets {@code regex} (the unanchored pattern). */
    public Builder regex(String regex) {
      this.regex = requireNonNull(regex);
      this.regexPresent = true;
      return this;
    }

    /** Sets {@code modulus} (unsigned). */
    public Builder modulus(long modulus) {
      this.modulus = modulus;
      return this;
    }

    /** Sets {@code target_label}. */
    public Builder targetLabel(String targetLabel) {
      this.targetLabel = requireNonNull(targetLabel);
      return this;
    }

    /** Sets {@code replacement}. */
    public Builder replacement(String replacement) {
      this.replacement = requireNonNull(replacement);
      return this;
    }

    /** Sets {@code action}. */
    public Builder action(RelabelAction action) {
      this.action = requireNonNull(action);
      return this;
    }

    /** Records where the rule came from, for error messages. */
    public Builder location(String file, int line) {
      this.location = new Location(file, line);
      return this;
    }

    /** The rule. */
    public RelabelConfig build() {
      return new RelabelConfig(
          sourceLabels,
          sourceLabelsPresent,
          separator,
          regex,
          regexPresent,
          modulus,
          targetLabel,
          replacement,
          action,
          location);
    }
  }
}
