package io.promsd.relabel;

import java.util.ArrayList;
import java.util.List;

/**
 * One compiled relabel rule: its regex, templates and action, decided in {@link Relabeler#compile}
 * so that {@link #apply} does no parsing, formatting or regex compilation. Mirrors {@code
 * relabel()} in {@code model/relabel/relabel.go}, with the 2.42 variants where they differ.
 */
final class Rule {
  private final RelabelAction action;
  private final String[] sources;
  private final String separator;
  private final Regex regex;
  private final String targetLabel;
  private final Template target;
  private final Template replacement;
  private final long modulus;
  private final boolean legacyCompat; // 2.42 behaviour
  private final NameValidation scheme;
  private final boolean copiesWholeValue; // (.*)-like regex, $1, fixed target: result = val
  private final boolean literalTargetValid; // for a target without templates, checked once
  private final String labelmapPrefix; // labelmap with "prefix(.*)" and "$1": strip the prefix

  Rule(RelabelConfig c, Regex regex, Compat compat, NameValidation scheme) {
    this.action = c.action();
    this.sources = c.sourceLabels().toArray(new String[0]);
    this.separator = c.separator();
    this.regex = regex;
    this.targetLabel = c.targetLabel();
    this.target = Template.compile(c.targetLabel(), regex.groupCount(), regex.namedGroups());
    this.replacement = Template.compile(c.replacement(), regex.groupCount(), regex.namedGroups());
    this.modulus = c.modulus();
    this.legacyCompat = compat == Compat.PROMETHEUS_2;
    this.scheme = scheme;
    Regex.FastMatcher fm = regex.fastMatcher();
    this.copiesWholeValue =
        fm instanceof Regex.Prefix p
            && p.prefix().isEmpty()
            && !p.nonEmpty()
            && p.groupCount() == 1
            && replacement.singleGroup() == 1
            && target.isLiteral();
    this.literalTargetValid = target.isLiteral() && validTarget(target.literal());
    this.labelmapPrefix =
        action == RelabelAction.LABELMAP
                && fm instanceof Regex.Prefix p
                && p.capturesTail()
                && replacement.singleGroup() == 1
            ? p.prefix()
            : null;
  }

  /** Applies the rule; false if it drops the target. */
  boolean apply(Relabeler.State s) {
    String val = sourceValue(s);
    if (s.tracing) {
      s.sourceValue = sources.length == 0 ? null : val;
    }
    switch (action) {
      case DROP -> {
        boolean m = regex.matches(val);
        s.matched = m;
        return !m;
      }
      case KEEP -> {
        boolean m = regex.matches(val);
        s.matched = m;
        return m;
      }
      case DROPEQUAL -> {
        boolean eq = s.get(targetLabel).equals(val);
        s.matched = eq;
        return !eq;
      }
      case KEEPEQUAL -> {
        boolean eq = s.get(targetLabel).equals(val);
        s.matched = eq;
        return eq;
      }
      case REPLACE -> replace(s, val);
      case LOWERCASE -> s.set(targetLabel, CaseMapping.toLower(val));
      case UPPERCASE -> s.set(targetLabel, CaseMapping.toUpper(val));
      case HASHMOD -> s.set(targetLabel, HashMod.apply(val, modulus));
      case LABELMAP -> labelmap(s);
      case LABELDROP -> labelFilter(s, true);
      case LABELKEEP -> labelFilter(s, false);
    }
    return true;
  }

  private String sourceValue(Relabeler.State s) {
    switch (sources.length) {
      case 0:
        return "";
      case 1:
        return s.get(sources[0]);
      default:
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < sources.length; i++) {
          if (i > 0) {
            sb.append(separator);
          }
          sb.append(s.get(sources[i]));
        }
        return sb.toString();
    }
  }

  private void replace(Relabeler.State s, String val) {
    int[] match = null;
    if (copiesWholeValue) {
      s.matched = regex.matches(val);
      if (!s.matched) {
        return;
      }
    } else {
      match = regex.submatch(val);
      s.matched = match != null;
      if (match == null) {
        return;
      }
    }
    String name;
    boolean valid;
    if (target.isLiteral()) {
      name = target.literal();
      valid = literalTargetValid;
    } else {
      name = target.expand(val, match);
      valid = validTarget(name);
    }
    if (!valid) {
      if (legacyCompat) {
        s.delete(targetLabel); // 2.42: an invalid expanded name deletes the literal target_label
      }
      return; // 3.x: the rule does nothing
    }
    writeReplace(s, name, copiesWholeValue ? val : replacement.expand(val, match));
  }

  private boolean validTarget(String name) {
    return legacyCompat ? NameValidation.isLegacyName(name) : scheme.isValid(name);
  }

  private void writeReplace(Relabeler.State s, String name, String value) {
    if (value.isEmpty()) {
      // An empty result deletes: 3.x the expanded name, 2.42 the literal target_label.
      s.delete(legacyCompat ? targetLabel : name);
      return;
    }
    s.set(name, value);
  }

  private void labelmap(Relabeler.State s) {
    // Prometheus iterates the labels present when the rule starts and writes as it goes; a
    // later write to the same name wins. Collect first, so that new labels are not visited.
    List<String> pending = null;
    int n = s.size();
    boolean any = false;
    for (int i = 0; i < n; i++) {
      String name = s.nameAt(i);
      String mapped = mapName(name);
      if (mapped == null) {
        continue;
      }
      any = true;
      if (pending == null) {
        pending = new ArrayList<>(8);
      }
      pending.add(mapped);
      pending.add(s.valueAt(i));
    }
    s.matched = any;
    if (pending != null) {
      for (int i = 0; i < pending.size(); i += 2) {
        s.set(pending.get(i), pending.get(i + 1));
      }
    }
  }

  /** The name {@code name} maps to, or null if the regex does not match it. */
  private String mapName(String name) {
    if (labelmapPrefix != null) {
      if (!regex.matches(name)) {
        return null;
      }
      return name.substring(labelmapPrefix.length());
    }
    if (!regex.balanced()) {
      return regex.replaceAllGo(name, replacement); // null when nothing matches
    }
    int[] m = regex.submatch(name);
    return m == null ? null : replacement.expand(name, m);
  }

  private void labelFilter(Relabeler.State s, boolean dropMatching) {
    List<String> doomed = null;
    int n = s.size();
    for (int i = 0; i < n; i++) {
      String name = s.nameAt(i);
      if (regex.matches(name) == dropMatching) {
        if (doomed == null) {
          doomed = new ArrayList<>(4);
        }
        doomed.add(name);
      }
    }
    s.matched = doomed != null;
    if (doomed != null) {
      for (String name : doomed) {
        s.delete(name);
      }
    }
  }
}
