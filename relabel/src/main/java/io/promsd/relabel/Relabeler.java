package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
  private static final AtomicLong IDS = new AtomicLong();

  private final int sites; // position hints the rules use (see LabelKey)
  // Tells the per-thread hints of one relabeler from another's without holding a reference.
  private final long id = IDS.incrementAndGet();
  private final RelabelResult[] droppedBy;
  private final Compat compat;

  private Relabeler(List<RelabelConfig> rules, Rule[] compiled, int sites, Compat compat) {
    this.rules = rules;
    this.compiled = compiled;
    this.sites = sites;
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
    LabelKey.Sites sites = new LabelKey.Sites();
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
      compiled[i] = new Rule(c, re, compat, effective, sites);
    }
    return new Relabeler(copy, compiled, sites.count(), compat);
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
    State s = STATE.get().reset(labels, this);
    for (Rule r : compiled) {
      if (!r.apply(s)) {
        return null;
      }
    }
    return s.result();
  }

  /** Runs the rules; the result holds the labels or the index of the rule that dropped them. */
  public RelabelResult process(Labels labels) {
    State s = STATE.get().reset(labels, this);
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
    // One state for the whole trace: a fresh one per rule would size its per-site hints to every
    // site of the relabeler, work quadratic in the number of rules (issue 17: 10k rules, 80 s).
    State s = new State();
    s.tracing = true;
    for (int i = 0; i < compiled.length; i++) {
      s.reset(cur, this);
      s.sourceValue = null;
      s.matched = null;
      s.written.clear();
      s.deleted.clear();
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
    private Labels.Builder scratchBuilder;
    Labels.Builder builder; // null while nothing has changed
    // Working memory of the rules, reused across calls.
    final Scratch scratch = new Scratch();
    final StringBuilder join = new StringBuilder(64); // source values joined
    final StringBuilder text = new StringBuilder(64); // an expanded replacement
    final int[] md5 = new int[20];
    private String[] pending = new String[16]; // labelmap: name, value, name, value...
    private int[] hints = new int[16]; // per site: last index of its name (see LabelKey)
    private String[] memoIn = new String[16]; // per site: a name seen (see strip)
    private String[] memoOut = new String[16]; // and what it was mapped to
    private boolean[] memoBelowSurrogates = new boolean[16];
    private long hintsFor; // id of the relabeler the hints belong to (0: none)
    // Filled only while tracing.
    boolean tracing;
    String sourceValue;
    Boolean matched;
    List<String> written = new ArrayList<>();
    List<String> deleted = new ArrayList<>();

    State reset(Labels input, Relabeler owner) {
      this.input = requireNonNull(input, "labels");
      this.builder = null;
      if (owner.id != hintsFor) {
        // Another relabeler's sites: start its hints afresh (a hint is only ever a guess).
        hintsFor = owner.id;
        if (hints.length < owner.sites) {
          hints = new int[owner.sites];
          memoIn = new String[owner.sites];
          memoOut = new String[owner.sites];
          memoBelowSurrogates = new boolean[owner.sites];
        } else {
          Arrays.fill(hints, 0);
          Arrays.fill(memoIn, null);
          Arrays.fill(memoOut, null);
        }
      }
      return this;
    }

    private Labels.Builder startBuilder() {
      if (scratchBuilder == null) {
        scratchBuilder = new Labels.Builder(input.size() + 8);
      }
      scratchBuilder.resetTo(input);
      return scratchBuilder;
    }

    /**
     * Where {@code key} is in the current labels: its index, or minus the insertion point minus
     * one. Tries the position remembered for the key's site first; a wrong guess costs one {@code
     * equals} or two comparisons, and then a binary search.
     */
    private int indexOf(LabelKey key) {
      return indexOf(key.name, key.belowSurrogates, key.site);
    }

    private int indexOf(String name, boolean belowSurrogates, int site) {
      String[] names = builder != null ? builder.names() : input.names;
      int size = builder != null ? builder.size() : names.length;
      if (site < 0) {
        return Labels.search(names, size, name, belowSurrogates);
      }
      int h = hints[site];
      if (h >= 0) {
        if (h < size && name.equals(names[h])) {
          return h;
        }
      } else {
        int at = -(h + 1);
        if (at <= size
            && (at == 0 || compare(names[at - 1], name, belowSurrogates) < 0)
            && (at == size || compare(names[at], name, belowSurrogates) > 0)) {
          return h; // still absent, and still belongs there
        }
      }
      int i = Labels.search(names, size, name, belowSurrogates);
      hints[site] = i;
      return i;
    }

    private static int compare(String a, String b, boolean belowSurrogates) {
      return belowSurrogates ? a.compareTo(b) : Labels.compareNames(a, b);
    }

    /**
     * {@code name} without its first {@code prefixLength} chars, remembered at {@code site}: the
     * targets of one discoverer repeat their names, so the same name usually comes back at the same
     * site, and the stripped name is not allocated again.
     */
    String strip(int site, String name, int prefixLength) {
      String in = memoIn[site];
      if (in != name && !name.equals(in)) {
        memoIn[site] = name;
        String out = name.substring(prefixLength);
        memoOut[site] = out;
        memoBelowSurrogates[site] = Labels.belowSurrogates(out);
      }
      return memoOut[site];
    }

    /** Sets a non-empty value for the name {@link #strip} returned at {@code site}. */
    void setStripped(int site, String name, String value) {
      traceSet(name);
      int i = indexOf(name, memoBelowSurrogates[site], site);
      if (builder == null) {
        if (i >= 0 && value.equals(input.values[i])) {
          return;
        }
        builder = startBuilder();
      }
      builder.setAt(i, name, value);
    }

    String get(LabelKey key) {
      int i = indexOf(key);
      if (i < 0) {
        return "";
      }
      return builder != null ? builder.values()[i] : input.values[i];
    }

    void set(LabelKey key, String value) {
      if (value.isEmpty()) {
        delete(key);
        return;
      }
      traceSet(key.name);
      int i = indexOf(key);
      if (builder == null) {
        if (i >= 0 && value.equals(input.values[i])) {
          return; // no change: stay on the input, allocate nothing
        }
        builder = startBuilder(); // same labels, same indexes
      }
      builder.setAt(i, key.name, value);
    }

    /** Deletes a label; whether it was there. */
    boolean delete(LabelKey key) {
      traceDelete(key.name);
      int i = indexOf(key);
      if (i < 0) {
        return false;
      }
      if (builder == null) {
        builder = startBuilder();
      }
      builder.removeAt(i);
      return true;
    }

    /**
     * While tracing, records a Set of Prometheus's label builder: a rule that writes a label its
     * current value still counts as writing it.
     */
    void traceSet(String name) {
      if (tracing && !written.contains(name)) {
        written.add(name);
      }
    }

    /** While tracing, records a Del (also of an absent label). */
    private void traceDelete(String name) {
      if (tracing) {
        written.remove(name);
        deleted.add(name);
      }
    }

    void matched(boolean m) {
      if (tracing) {
        matched = m;
      }
    }

    /** Sets a label whose name is computed (no hint); the value is not empty. */
    void set(String name, String value) {
      traceSet(name);
      if (builder == null) {
        int i = input.indexOf(name);
        if (i >= 0 && value.equals(input.values[i])) {
          return; // no change: stay on the input, allocate nothing
        }
        builder = startBuilder();
        builder.setAt(i, name, value);
        return;
      }
      builder.set(name, value);
    }

    /** Deletes the {@code i}-th label. */
    void deleteAt(int i) {
      traceDelete(nameAt(i));
      if (builder == null) {
        builder = startBuilder(); // same labels, same indexes
      }
      builder.removeAt(i);
    }

    /** The index of the first label whose name is not below {@code name} in label order. */
    int lowerBound(String name) {
      int i = builder != null ? builder.find(name) : input.indexOf(name);
      return i >= 0 ? i : -(i + 1);
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

    void addPending(int k, String name, String value) {
      if (2 * k + 2 > pending.length) {
        pending = Arrays.copyOf(pending, 2 * pending.length);
      }
      pending[2 * k] = name;
      pending[2 * k + 1] = value;
    }

    String pendingName(int k) {
      return pending[2 * k];
    }

    String pendingValue(int k) {
      return pending[2 * k + 1];
    }

    /** Drops the references, so that a reused state keeps no labels alive. */
    void clearPending(int count) {
      Arrays.fill(pending, 0, 2 * count, null);
    }

    Labels result() {
      if (builder == null || builder.sameAs(input)) {
        return input;
      }
      return builder.build();
    }
  }
}
