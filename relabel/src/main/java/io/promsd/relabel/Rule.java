package io.promsd.relabel;

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
  private final boolean matchOnly; // replace whose target and replacement need no groups
  private final String namePrefix; // labelmap/labeldrop: only names with this prefix can match
  private final String[] dropNames; // labeldrop of a literal set: look the names up
  private final String[] remainders; // hashmod: the decimal text of each small remainder

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
    this.matchOnly = copiesWholeValue || (target.isLiteral() && replacement.isLiteral());
    // Names are sorted, so the names with a given prefix are a contiguous run: find it by binary
    // search instead of testing every name.
    this.namePrefix =
        (action == RelabelAction.LABELMAP || action == RelabelAction.LABELDROP)
                && fm instanceof Regex.Prefix p
                && !p.prefix().isEmpty()
            ? p.prefix()
            : null;
    this.dropNames =
        action == RelabelAction.LABELDROP && fm instanceof Regex.LiteralSet ls
            ? ls.literals().toArray(new String[0])
            : null;
    String[] rem = null;
    if (action == RelabelAction.HASHMOD && modulus > 0 && modulus <= 1024) {
      rem = new String[(int) modulus];
      for (int i = 0; i < rem.length; i++) {
        rem[i] = Integer.toString(i);
      }
    }
    this.remainders = rem;
  }

  /** Applies the rule; false if it drops the target. */
  boolean apply(Relabeler.State s) {
    String val = sourceValue(s);
    if (s.tracing) {
      s.sourceValue = sources.length == 0 ? null : val;
    }
    switch (action) {
      case DROP -> {
        boolean m = regex.matches(val, s.scratch);
        s.matched(m);
        return !m;
      }
      case KEEP -> {
        boolean m = regex.matches(val, s.scratch);
        s.matched(m);
        return m;
      }
      case DROPEQUAL -> {
        boolean eq = s.get(targetLabel).equals(val);
        s.matched(eq);
        return !eq;
      }
      case KEEPEQUAL -> {
        boolean eq = s.get(targetLabel).equals(val);
        s.matched(eq);
        return eq;
      }
      case REPLACE -> replace(s, val);
      case LOWERCASE -> s.set(targetLabel, CaseMapping.toLower(val));
      case UPPERCASE -> s.set(targetLabel, CaseMapping.toUpper(val));
      case HASHMOD -> s.set(targetLabel, hashmod(s, val));
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
        StringBuilder sb = s.text;
        sb.setLength(0);
        for (int i = 0; i < sources.length; i++) {
          if (i > 0) {
            sb.append(separator);
          }
          sb.append(s.get(sources[i]));
        }
        return sb.toString();
    }
  }

  private String hashmod(Relabeler.State s, String val) {
    long r = Long.remainderUnsigned(HashMod.lowHalf(val, s.md5), modulus);
    return remainders != null ? remainders[(int) r] : Long.toUnsignedString(r);
  }

  private void replace(Relabeler.State s, String val) {
    boolean m = matchOnly ? regex.matches(val, s.scratch) : regex.submatch(val, s.scratch);
    s.matched(m);
    if (!m) {
      return;
    }
    int[] caps = matchOnly ? null : s.scratch.caps;
    String name;
    boolean valid;
    if (target.isLiteral()) {
      name = target.literal();
      valid = literalTargetValid;
    } else {
      name = target.expand(val, caps);
      valid = validTarget(name);
    }
    if (!valid) {
      if (legacyCompat) {
        s.delete(targetLabel); // 2.42: an invalid expanded name deletes the literal target_label
      }
      return; // 3.x: the rule does nothing
    }
    if (copiesWholeValue) {
      writeReplace(s, name, val);
    } else if (replacement.isLiteral()) {
      writeReplace(s, name, replacement.literal());
    } else if (replacement.singleGroup() >= 0) {
      int g = replacement.singleGroup();
      int from = caps[2 * g];
      int to = caps[2 * g + 1];
      if (from < 0 || from == to) {
        writeReplace(s, name, "");
      } else if (!s.get(name).regionMatches(0, val, from, to - from)
          || s.get(name).length() != to - from) {
        writeReplace(s, name, from == 0 && to == val.length() ? val : val.substring(from, to));
      } // else: the label already has this value; no substring, no change
    } else {
      StringBuilder sb = s.text;
      sb.setLength(0);
      replacement.expandTo(sb, val, caps);
      if (sb.length() == 0) {
        writeReplace(s, name, "");
      } else if (!s.get(name).contentEquals(sb)) {
        writeReplace(s, name, sb.toString());
      } // else: unchanged, and nothing allocated
    }
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
    int n = s.size();
    int count = 0;
    for (int i = namePrefix == null ? 0 : s.lowerBound(namePrefix); i < n; i++) {
      String name = s.nameAt(i);
      if (namePrefix != null && !name.startsWith(namePrefix)) {
        break; // past the run of names with the prefix
      }
      String mapped = mapName(s, name);
      if (mapped != null) {
        s.addPending(count++, mapped, s.valueAt(i));
      }
    }
    s.matched(count > 0);
    for (int k = 0; k < count; k++) {
      s.set(s.pendingName(k), s.pendingValue(k));
    }
    s.clearPending(count);
  }

  /** The name {@code name} maps to, or null if the regex does not match it. */
  private String mapName(Relabeler.State s, String name) {
    if (labelmapPrefix != null) {
      if (!regex.matches(name, s.scratch)) {
        return null;
      }
      return name.substring(labelmapPrefix.length());
    }
    if (!regex.balanced()) {
      return regex.replaceAllGo(name, replacement); // null when nothing matches
    }
    if (!regex.submatch(name, s.scratch)) {
      return null;
    }
    return replacement.expand(name, s.scratch.caps);
  }

  private void labelFilter(Relabeler.State s, boolean dropMatching) {
    boolean any = false;
    if (dropNames != null) {
      for (String name : dropNames) {
        any |= s.delete(name);
      }
      s.matched(any);
      return;
    }
    int i = namePrefix == null ? 0 : s.lowerBound(namePrefix);
    while (i < s.size()) {
      String name = s.nameAt(i);
      if (namePrefix != null && !name.startsWith(namePrefix)) {
        break;
      }
      if (regex.matches(name, s.scratch) == dropMatching) {
        s.deleteAt(i); // the next name moves to i
        any = true;
      } else {
        i++;
      }
    }
    s.matched(any);
  }
}
