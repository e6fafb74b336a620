package io.promsd.sd;

import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.spi.TargetGroup;

/**
 * The bounds on a target group that every discoverer's groups pass through (issue 17): the same
 * numbers as the file SD, http SD and {@code static_configs} parsers apply, in the same words,
 * checked where {@link DiscoveryManager} receives a discoverer's update. A group past a bound is
 * rejected as a fault of its discoverer; what was known under its source stays.
 *
 * <p>The cost is one pass over labels every group carries anyway (a length is a field read), on the
 * discoverer's own thread.
 */
final class GroupBounds {
  private GroupBounds() {}

  /** The most labels a group, or one of its targets, may set (as the parsers allow). */
  static final int MAX_LABELS = io.promsd.sd.internal.config.TargetGroups.MAX_LABELS;

  /** The longest label name, value or address, in characters (as the parsers allow). */
  static final int MAX_CHARS = io.promsd.sd.internal.config.TargetGroups.MAX_VALUE_CHARS;

  /** What is wrong with {@code g}, or null if it is within every bound. */
  static String problem(TargetGroup g) {
    String p = problem(g.labels());
    if (p != null) {
      return "target group " + quote(g.source()) + p;
    }
    for (int i = 0; i < g.targets().size(); i++) {
      p = problem(g.targets().get(i));
      if (p != null) {
        return "target group " + quote(g.source()) + ", target " + i + p;
      }
    }
    return null;
  }

  private static String problem(Labels ls) {
    int n = ls.size();
    if (n > MAX_LABELS) {
      return " has " + n + " labels, more than the " + MAX_LABELS + " promsd accepts";
    }
    for (int i = 0; i < n; i++) {
      String name = ls.name(i);
      if (name.length() > MAX_CHARS) {
        return ": label name " + quote(name) + tooLong(name);
      }
      String value = ls.value(i);
      if (value.length() > MAX_CHARS) {
        return ": label " + quote(name) + tooLong(value);
      }
    }
    return null;
  }

  private static String tooLong(String s) {
    return " is " + s.length() + " characters long, more than the " + MAX_CHARS + " promsd accepts";
  }

  /** A name or source as shown in a message: its first 64 characters, quoted. */
  private static String quote(String s) {
    String cut = s.length() <= 64 ? s : s.substring(0, 64) + "...";
    return GoText.quote(cut);
  }
}
