package io.promsd.relabel;

import io.promsd.relabel.internal.config.GoText;

/**
 * One compiled relabel rule: its regex, templates and action, decided in {@link Relabeler#compile}
 * so that {@link #apply} does no parsing, formatting or regex compilation. Mirrors {@code
 * relabel()} in {@code model/relabel/relabel.go}, with the 2.42 variants where they differ.
 */
final class Rule {
  // How many of the names a labelmap maps each thread remembers (see Relabeler.State#strip).
  private static final int MEMO = 16;

  private final RelabelAction action;
  private final LabelKey[] sources;
  private final String separator;
  private final Regex regex;
  private final String targetLabel;
  private final LabelKey targetLabelKey; // target_label as written
  private final LabelKey targetKey; // its expansion, when it has no group references
  private final Template target;
  private final Template replacement;
  private final long modulus;
  private final boolean legacyCompat; // 2.42 behaviour
  private final NameValidation scheme;
  private final boolean copiesWholeValue; // (.*)-like regex, $1, fixed target: result = val
  private final boolean literalTargetValid; // for a target without templates, checked once
  private final String labelmapPrefix; // labelmap with "prefix(.*)" and "$1": strip the prefix
  private final int memoSites; // labelmapPrefix: the first of MEMO sites remembering names
  private final boolean matchOnly; // replace whose target and replacement need no groups
  private final String namePrefix; // labelmap/labeldrop: only names with this prefix can match
  private final LabelKey[] dropNames; // labeldrop of a literal set: look the names up
  private final String[] remainders; // hashmod: the decimal text of each small remainder

  Rule(RelabelConfig c, Regex regex, Compat compat, NameValidation scheme, LabelKey.Sites sites) {
    this.action = c.action();
    this.sources = c.sourceLabels().stream().map(sites::key).toArray(LabelKey[]::new);
    this.separator = c.separator();
    this.regex = regex;
    this.targetLabel = c.targetLabel();
    this.targetLabelKey = sites.key(targetLabel);
    this.target = Template.compile(c.targetLabel(), regex.groupCount(), regex.namedGroups());
    this.targetKey = target.isLiteral() ? sites.key(target.literal()) : null;
    this.replacement = Template.compile(c.replacement(), regex.groupCount(), regex.namedGroups());
    this.modulus = c.modulus();
    this.legacyCompat = compat == Compat.PROMETHEUS_2;
    this.scheme = scheme;
    FastMatcher fm = regex.fastMatcher();
    this.copiesWholeValue =
        fm instanceof FastMatcher.Prefix p
            && p.prefix().isEmpty()
            && !p.nonEmpty()
            && p.groupCount() == 1
            && replacement.singleGroup() == 1
            && target.isLiteral();
    this.literalTargetValid = target.isLiteral() && validTarget(target.literal());
    this.labelmapPrefix =
        action == RelabelAction.LABELMAP
                && fm instanceof FastMatcher.Prefix p
                && p.capturesTail()
                && replacement.singleGroup() == 1
            ? p.prefix()
            : null;
    this.memoSites = labelmapPrefix != null ? sites.reserve(MEMO) : -1;
    this.matchOnly = copiesWholeValue || (target.isLiteral() && replacement.isLiteral());
    // Names are sorted, so the names with a given prefix are a contiguous run: find it by binary
    // search instead of testing every name.
    this.namePrefix =
        (action == RelabelAction.LABELMAP || action == RelabelAction.LABELDROP)
                && fm instanceof FastMatcher.Prefix p
                && !p.prefix().isEmpty()
            ? p.prefix()
            : null;
    this.dropNames =
        action == RelabelAction.LABELDROP && fm instanceof FastMatcher.LiteralSet ls
            ? ls.literals().stream().map(sites::key).toArray(LabelKey[]::new)
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
    // With several sources the value is a join in a reused buffer, valid during this call.
    CharSequence val = sourceValue(s);
    if (s.tracing) {
      s.sourceValue = sources.length == 0 ? null : val.toString();
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
        boolean eq = s.get(targetLabelKey).contentEquals(val);
        s.matched(eq);
        return !eq;
      }
      case KEEPEQUAL -> {
        boolean eq = s.get(targetLabelKey).contentEquals(val);
        s.matched(eq);
        return eq;
      }
      case REPLACE -> replace(s, val);
      case LOWERCASE -> s.set(targetLabelKey, GoText.toLower(val.toString()));
      case UPPERCASE -> s.set(targetLabelKey, GoText.toUpper(val.toString()));
      case HASHMOD -> s.set(targetLabelKey, hashmod(s, val.toString()));
      case LABELMAP -> labelmap(s);
      case LABELDROP -> labelFilter(s, true);
      case LABELKEEP -> labelFilter(s, false);
    }
    return true;
  }

  private CharSequence sourceValue(Relabeler.State s) {
    switch (sources.length) {
      case 0:
        return "";
      case 1:
        return s.get(sources[0]);
      default:
        StringBuilder sb = s.join;
        sb.setLength(0);
        for (int i = 0; i < sources.length; i++) {
          if (i > 0) {
            sb.append(separator);
          }
          sb.append(s.get(sources[i]));
        }
        return sb;
    }
  }

  private String hashmod(Relabeler.State s, String val) {
    long r = Long.remainderUnsigned(HashMod.lowHalf(val, s.md5), modulus);
    return remainders != null ? remainders[(int) r] : Long.toUnsignedString(r);
  }

  private void replace(Relabeler.State s, CharSequence val) {
    boolean m = matchOnly ? regex.matches(val, s.scratch) : regex.submatch(val, s.scratch);
    s.matched(m);
    if (!m) {
      return;
    }
    int[] caps = matchOnly ? null : s.scratch.caps;
    if (targetKey != null) {
      if (literalTargetValid) {
        writeReplace(s, targetKey, val, caps);
      } else if (legacyCompat) {
        s.delete(targetLabelKey); // 2.42: an invalid name deletes the literal target_label
      }
      return;
    }
    // A target name with group references: the name is new text each time, with no hint.
    String name = target.expand(val, caps);
    if (!validTarget(name)) {
      if (legacyCompat) {
        s.delete(targetLabelKey);
      }
      return; // 3.x: the rule does nothing
    }
    writeReplace(s, new LabelKey(name, -1), val, caps);
  }

  private boolean validTarget(String name) {
    return legacyCompat ? NameValidation.isLegacyName(name) : scheme.isValid(name);
  }

  /**
   * Writes the replacement for the matched {@code val} to {@code key}. An empty result deletes: in
   * 3.x the expanded name, in 2.42 the literal target_label. A result equal to the current value
   * changes nothing and is not even built.
   */
  private void writeReplace(Relabeler.State s, LabelKey key, CharSequence val, int[] caps) {
    String value;
    if (copiesWholeValue) {
      if (val.length() > 0 && s.get(key).contentEquals(val)) {
        s.traceSet(key.name);
        return; // unchanged
      }
      value = val.toString();
    } else if (replacement.isLiteral()) {
      value = replacement.literal();
    } else if (replacement.singleGroup() >= 0) {
      int g = replacement.singleGroup();
      int from = caps[2 * g];
      int to = caps[2 * g + 1];
      if (from < 0 || from == to) {
        value = "";
      } else {
        if (regionEquals(s.get(key), val, from, to)) {
          s.traceSet(key.name);
          return; // unchanged
        }
        value =
            from == 0 && to == val.length() ? val.toString() : val.subSequence(from, to).toString();
      }
    } else {
      StringBuilder sb = s.text;
      sb.setLength(0);
      replacement.expandTo(sb, val, caps);
      if (sb.length() > 0 && s.get(key).contentEquals(sb)) {
        s.traceSet(key.name);
        return; // unchanged
      }
      value = sb.length() == 0 ? "" : sb.toString();
    }
    if (value.isEmpty()) {
      s.delete(legacyCompat ? targetLabelKey : key);
      return;
    }
    s.set(key, value);
  }

  /** Whether {@code cur} is exactly {@code val[from, to)}. */
  private static boolean regionEquals(String cur, CharSequence val, int from, int to) {
    if (cur.length() != to - from) {
      return false;
    }
    if (val instanceof String str) {
      return cur.regionMatches(0, str, from, to - from);
    }
    for (int i = from; i < to; i++) {
      if (cur.charAt(i - from) != val.charAt(i)) {
        return false;
      }
    }
    return true;
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
      String mapped;
      if (labelmapPrefix != null && count < MEMO) {
        // The common case: strip a prefix, remembering the result for the next target.
        mapped =
            regex.matches(name, s.scratch)
                ? s.strip(memoSites + count, name, labelmapPrefix.length())
                : null;
      } else {
        mapped = mapName(s, name);
      }
      if (mapped != null) {
        s.addPending(count++, mapped, s.valueAt(i));
      }
    }
    s.matched(count > 0);
    for (int k = 0; k < count; k++) {
      if (labelmapPrefix != null && k < MEMO) {
        s.setStripped(memoSites + k, s.pendingName(k), s.pendingValue(k));
      } else {
        s.set(s.pendingName(k), s.pendingValue(k));
      }
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
    if (dropNames != null && !s.tracing) { // tracing records deletions in label order
      for (LabelKey name : dropNames) {
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
