package io.promsd.relabel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scanners over a regex's text that need no parse: where its parentheses balance, where a token
 * stands outside classes and escapes, which escapes Go rejects, and the renaming of repeated group
 * names (Go accepts a name twice, re2j does not). Stateless.
 */
final class PatternText {
  private PatternText() {}

  /** Whether parentheses never close more than they opened (outside classes and escapes). */
  static boolean isBalanced(String re) {
    int depth = 0;
    int n = re.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          if (end < 0) {
            return depth >= 0;
          }
          i = end + 1;
        } else {
          i++;
        }
      } else if (inClass) {
        if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            i = end + 1;
            continue;
          }
        }
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < n && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** The first backslash escape of a non-ASCII character (outside {@code \Q...\E}), or null. */
  static String nonAsciiEscape(String re) {
    for (int i = 0; i + 1 < re.length(); i++) {
      char c = re.charAt(i);
      if (c != '\\') {
        continue;
      }
      char e = re.charAt(i + 1);
      if (e == 'Q') {
        int end = re.indexOf("\\E", i + 2);
        if (end < 0) {
          return null;
        }
        i = end + 1;
      } else if (e >= 0x80) {
        return "\\" + new String(Character.toChars(re.codePointAt(i + 1)));
      } else {
        i++;
      }
    }
    return null;
  }

  /** Index of {@code needle} outside character classes and escapes, or -1. */
  static int findUnescaped(String re, String needle) {
    int n = re.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          if (end < 0) {
            return -1;
          }
          i = end + 1;
        } else {
          i++;
        }
        continue;
      }
      if (inClass) {
        if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            i = end + 1;
            continue;
          }
        }
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        // A "]" right after "[" or "[^" is a literal member.
        if (i + 1 < n && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          i++;
        }
        continue;
      }
      if (re.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Renames repeated group names, recording new name to original name in {@code renamed}. */
  static String renameDuplicateGroups(String re, Map<String, String> renamed) {
    Set<String> seen = new HashSet<>();
    List<int[]> nameSpans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = nextNamedGroup(re, from);
      if (at < 0) {
        break;
      }
      int nameStart = re.charAt(at + 2) == 'P' ? at + 4 : at + 3;
      int nameEnd = re.indexOf('>', nameStart);
      if (nameEnd < 0) {
        break;
      }
      nameSpans.add(new int[] {nameStart, nameEnd});
      names.add(re.substring(nameStart, nameEnd));
      from = nameEnd;
    }
    Set<String> all = new HashSet<>(names);
    StringBuilder out = new StringBuilder(re);
    int shift = 0;
    int counter = 0;
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      if (seen.add(name)) {
        continue;
      }
      String fresh;
      do {
        fresh = name + "_promsd" + (++counter);
      } while (all.contains(fresh));
      all.add(fresh);
      renamed.put(fresh, name);
      int[] span = nameSpans.get(k);
      out.replace(span[0] + shift, span[1] + shift, fresh);
      shift += fresh.length() - name.length();
    }
    return out.toString();
  }

  private static int nextNamedGroup(String re, int from) {
    String rest = re.substring(from);
    int p = findUnescaped(rest, "(?P<");
    int a = findUnescaped(rest, "(?<");
    int best = -1;
    if (p >= 0) {
      best = p;
    }
    if (a >= 0 && (best < 0 || a < best)) {
      String tail = rest.substring(a + 3);
      if (!tail.startsWith("=") && !tail.startsWith("!")) {
        best = a;
      }
    }
    return best < 0 ? -1 : best + from;
  }
}
