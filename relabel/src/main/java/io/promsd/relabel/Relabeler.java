package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled list of relabel rules: Prometheus's {@code relabel.Process}, exact to 2.42 or 3.x.
 *
 * <p>Compile once with {@link #compile}; then {@link #process} (or the allocation-free {@link
 * #apply}) runs the rules on a label set, and {@link #trace} reports what each rule did. Instances
 * are immutable and thread-safe. When no rule changes anything, {@code apply} returns its argument
 * and allocates nothing.
 *
 * <pre>{@code
 * Relabeler r = Relabeler.compile(RelabelConfig.parseYaml(yaml, "rules.yml", Compat.PROMETHEUS_3),
 *     Compat.PROMETHEUS_3);
 * RelabelResult res = r.process(Labels.of("__address__", "10.0.0.1:9100", "env", "prod"));
 * }</pre>
 */
public final class Relabeler {
  // One scratch state per thread: a call allocates nothing unless a rule changes a label.
  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private final List<RelabelConfig> rules;
  private final Rule[] compiled;
  private final RelabelResult[] droppedBy;
  private final Compat compat;

  private Relabeler(List<RelabelConfig> rules, Rule[] compiled, Compat compat) {
    this.rules = rules;
    this.compiled = compiled;
    this.compat = compat;
    this.droppedBy = new RelabelResult[compiled.length];
    for (int i = 0; i < compiled.length; i++) {
      droppedBy[i] = new RelabelResult(null, i);
    }
  }

  /**
   * Validates and compiles {@code rules} under {@code compat}, checking names as Prometheus 3.x
   * does by default (UTF-8).
   *
   * @throws RelabelConfigException with Prometheus's message and the rule index
   */
  public static Relabeler compile(List<RelabelConfig> rules, Compat compat) {
    return compile(rules, compat, compat.defaultNameValidation());
  }

  /**
   * Validates and compiles {@code rules}; {@code scheme} is the job's {@code
   * metric_name_validation_scheme} (3.x only: 2.x always checks legacy names).
   *
   * @throws RelabelConfigException with Prometheus's message and the rule index
   */
  public static Relabeler compile(List<RelabelConfig> rules, Compat compat, NameValidation scheme) {
    return compile(rules, compat, scheme, true);
  }

  /** As {@link #compile(List, Compat, NameValidation)}; fast paths can be turned off. */
  static Relabeler compile(
      List<RelabelConfig> rules, Compat compat, NameValidation scheme, boolean fastPaths) {
    requireNonNull(compat, "compat");
    NameValidation effective = compat == Compat.PROMETHEUS_2 ? NameValidation.LEGACY : scheme;
    List<RelabelConfig> copy = List.copyOf(rules);
    Rule[] compiled = new Rule[copy.size()];
    for (int i = 0; i < compiled.length; i++) {
      RelabelConfig c = copy.get(i);
      c.validate(compat, effective, i);
      Regex re;
      try {
        re = Regex.compile(c.regex(), compat, fastPaths);
      } catch (Regex.SyntaxException e) {
        RelabelConfig.Location loc = c.location();
        throw new RelabelConfigException(
            e.getMessage(), loc == null ? null : loc.file(), loc == null ? 0 : loc.line(), i);
      }
      compiled[i] = new Rule(c, re, compat, effective);
    }
    return new Relabeler(copy, compiled, compat);
  }

  /** The rules, in order. */
  public List<RelabelConfig> rules() {
    return rules;
  }

  /** The compat mode the rules were compiled for. */
  public Compat compat() {
    return compat;
  }

  /**
   * Runs the rules; returns the resulting labels, or null if a rule dropped the target. Returns
   * {@code labels} itself when nothing changed.
   */
  public Labels apply(Labels labels) {
    State s = STATE.get().reset(labels);
    for (Rule r : compiled) {
      if (!r.apply(s)) {
        return null;
      }
    }
    return s.result();
  }

  /** Runs the rules; the result holds the labels or the index of the rule that dropped them. */
  public RelabelResult process(Labels labels) {
    State s = STATE.get().reset(labels);
    for (int i = 0; i < compiled.length; i++) {
      if (!compiled[i].apply(s)) {
        return droppedBy[i];
      }
    }
    return new RelabelResult(s.result(), -1);
  }

  /**
   * Runs the rules and records one step per rule, until the end or until a rule drops the target
   * (the dropping rule is the last step).
   */
  public RelabelTrace trace(Labels labels) {
    List<RelabelStep> steps = new ArrayList<>(compiled.length);
    Labels cur = requireNonNull(labels, "labels");
    for (int i = 0; i < compiled.length; i++) {
      State s = new State().reset(cur);
      s.tracing = true;
      boolean keep = compiled[i].apply(s);
      Labels after = keep ? s.result() : null;
      steps.add(
          new RelabelStep(
              i, rules.get(i), cur, after, s.sourceValue, s.matched, s.written, s.deleted));
      if (!keep) {
        return new RelabelTrace(labels, steps, new RelabelResult(null, i));
      }
      cur = after;
    }
    return new RelabelTrace(labels, steps, new RelabelResult(cur, -1));
  }

  @Override
  public String toString() {
    return "Relabeler" + rules;
  }

  /**
   * The label set being relabeled: the untouched input until a rule changes something, then a
   * builder. Reused by one thread across calls; {@link #result()} never hands out the builder.
   */
  static final class State {
    private Labels input;
    private Labels.Builder scratch;
    Labels.Builder builder; // null while nothing has changed
    // Filled only while tracing.
    boolean tracing;
    String sourceValue;
    Boolean matched;
    List<String> written = new ArrayList<>();
    List<String> deleted = new ArrayList<>();

    State reset(Labels input) {
      this.input = requireNonNull(input, "labels");
      this.builder = null;
      return this;
    }

    private Labels.Builder startBuilder() {
      if (scratch == null) {
        scratch = new Labels.Builder(input.size() + 8);
      }
      scratch.resetTo(input);
      return scratch;
    }

    String get(String name) {
      return builder != null ? builder.get(name) : input.get(name);
    }

    void set(String name, String value) {
      if (value.isEmpty()) {
        delete(name);
        return;
      }
      if (tracing && !written.contains(name)) {
        written.add(name);
      }
      if (builder == null) {
        if (value.equals(input.get(name))) {
          return; // no change: stay on the input, allocate nothing
        }
        builder = startBuilder();
      }
      builder.set(name, value);
    }

    void delete(String name) {
      if (tracing) {
        written.remove(name);
        deleted.add(name);
      }
      if (builder == null) {
        if (!input.has(name)) {
          return;
        }
        builder = startBuilder();
      }
      builder.delete(name);
    }

    int size() {
      return builder != null ? builder.size() : input.size();
    }

    String nameAt(int i) {
      return builder != null ? builder.nameAt(i) : input.names[i];
    }

    String valueAt(int i) {
      return builder != null ? builder.valueAt(i) : input.values[i];
    }

    Labels result() {
      if (builder == null || builder.sameAs(input)) {
        return input;
      }
      return builder.build();
    }
  }
}
