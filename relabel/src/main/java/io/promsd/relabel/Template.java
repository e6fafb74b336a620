package io.promsd.relabel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code $} template compiled once: the expansion of Go's {@code regexp.Expand}, which Prometheus
 * uses for {@code target_label} and {@code replacement}.
 *
 * <p>{@code $$} is a dollar; {@code $name} and {@code ${name}} take the longest run of Unicode
 * letters, digits and {@code _}; a name of ASCII digits without a leading zero (checked as Go does,
 * so up to nine digits) is a group number, anything else a group name; a {@code $} with no valid
 * name after it is copied as text. Unknown groups and groups that took no part in the match expand
 * to nothing. Backslashes mean nothing.
 */
final class Template {
  private static final int[] NO_GROUPS = new int[0];

  // Each part is a literal (text != null) or a reference to the first participating group among
  // groups (already resolved from a number or a name).
  private record Part(String text, int[] groups) {}

  private final String source;
  private final Part[] parts;
  private final String literal; // non-null when the template has no group references
  private final int singleGroup; // >= 0 when the template is exactly one group reference

  private Template(String source, Part[] parts) {
    this.source = source;
    this.parts = parts;
    String lit = null;
    if (parts.length == 0) {
      lit = "";
    } else if (parts.length == 1 && parts[0].text != null) {
      lit = parts[0].text;
    }
    this.literal = lit;
    this.singleGroup =
        parts.length == 1 && parts[0].text == null && parts[0].groups.length == 1
            ? parts[0].groups[0]
            : -1;
  }

  /**
   * Compiles a template against a regex with {@code groupCount} capturing groups and the given
   * names (name to group indexes in order; Go allows a name more than once).
   */
  static Template compile(String template, int groupCount, Map<String, int[]> namedGroups) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        text.append(template, i, n);
        break;
      }
      text.append(template, i, dollar);
      i = dollar + 1;
      if (i < n && template.charAt(i) == '$') {
        text.append('$');
        i++;
        continue;
      }
      int[] ref = new int[2]; // [end of reference, unused]
      String name = extractName(template, i, ref);
      if (name == null) {
        text.append('$'); // malformed: the dollar is text, scanning goes on after it
        continue;
      }
      i = ref[0];
      if (text.length() > 0) {
        parts.add(new Part(text.toString(), null));
        text.setLength(0);
      }
      int num = groupNumber(name);
      int[] groups;
      if (num >= 0) {
        groups = num <= groupCount ? new int[] {num} : NO_GROUPS;
      } else {
        groups = namedGroups.getOrDefault(name, NO_GROUPS);
      }
      parts.add(new Part(null, groups));
    }
    if (text.length() > 0) {
      parts.add(new Part(text.toString(), null));
    }
    // Merge references to nothing into the neighbouring text so that "a$9b" is literal "ab".
    List<Part> merged = new ArrayList<>();
    for (Part p : parts) {
      if (p.text == null && p.groups.length == 0) {
        continue;
      }
      int last = merged.size() - 1;
      if (p.text != null && last >= 0 && merged.get(last).text != null) {
        merged.set(last, new Part(merged.get(last).text + p.text, null));
      } else {
        merged.add(p);
      }
    }
    return new Template(template, merged.toArray(new Part[0]));
  }

  /**
   * Go's {@code extract}: the name after a {@code $} starting at {@code from}, or null if there is
   * none; {@code end[0]} receives the index after the reference.
   */
  private static String extractName(String s, int from, int[] end) {
    int n = s.length();
    if (from >= n) {
      return null;
    }
    boolean brace = s.charAt(from) == '{';
    int start = brace ? from + 1 : from;
    int i = start;
    while (i < n) {
      int cp = s.codePointAt(i);
      if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == start) {
      return null;
    }
    String name = s.substring(start, i);
    if (brace) {
      if (i >= n || s.charAt(i) != '}') {
        return null;
      }
      i++;
    }
    end[0] = i;
    return name;
  }

  /** Go's rule: ASCII digits, no leading zero, and the value checked against 1e8 digit by digit. */
  private static int groupNumber(String name) {
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }

  /** The template's text as written. */
  String source() {
    return source;
  }

  /** Whether expansion gives the same text whatever the match. */
  boolean isLiteral() {
    return literal != null;
  }

  /** The constant expansion; only for {@link #isLiteral()} templates. */
  String literal() {
    return literal;
  }

  /** The group index when the template is exactly one reference ({@code $1}), else -1. */
  int singleGroup() {
    return singleGroup;
  }

  /** Whether the text contains a dollar at all (Prometheus's {@code varInRegexTemplate}). */
  static boolean hasDollar(String s) {
    return s.indexOf('$') >= 0;
  }

  /**
   * Expands against a match of {@code input}: {@code match[2g]} and {@code match[2g+1]} are the
   * bounds of group {@code g}, {@code -1} for a group that did not participate.
   */
  String expand(String input, int[] match) {
    if (literal != null) {
      return literal;
    }
    if (singleGroup >= 0) {
      return group(input, match, singleGroup);
    }
    StringBuilder sb = new StringBuilder(input.length() + 16);
    for (Part p : parts) {
      if (p.text != null) {
        sb.append(p.text);
        continue;
      }
      for (int g : p.groups) {
        if (2 * g + 1 < match.length && match[2 * g] >= 0) {
          sb.append(input, match[2 * g], match[2 * g + 1]);
          break;
        }
      }
    }
    return sb.toString();
  }

  private static String group(String input, int[] match, int g) {
    if (2 * g + 1 >= match.length || match[2 * g] < 0) {
      return "";
    }
    int s = match[2 * g];
    int e = match[2 * g + 1];
    return s == 0 && e == input.length() ? input : input.substring(s, e);
  }
}
