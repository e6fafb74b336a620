package io.promsd.relabel.internal.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path/filepath} as Prometheus uses it on configuration paths (Unix rules): {@code
 * Clean}, {@code Dir}, prometheus/common's {@code JoinDir} (a relative path in a config file is
 * relative to the file's directory), and {@code Glob} and {@code Match} for patterns whose
 * wildcards are in the last path element (the only kind Prometheus accepts for file SD, {@code
 * rule_files} and {@code scrape_config_files}): {@code *}, {@code ?}, {@code [...]} classes with
 * ranges and {@code ^}, and {@code \} escapes. {@code *} also matches names starting with a dot, as
 * in Go. Paths are strings, as in Go: a name keeps the form Prometheus would print.
 */
public final class GoPath {
  private GoPath() {}

  /**
   * prometheus/common's {@code JoinDir}: an empty or absolute {@code path} is returned as it is, a
   * relative one is joined to {@code dir} and cleaned ({@code filepath.Join}).
   *
   * @param dir the directory of the config file; null or empty for the working directory
   */
  public static String joinDir(Path dir, String path) {
    if (path.isEmpty() || path.startsWith("/")) {
      return path;
    }
    String d = dir == null ? "" : dir.toString();
    return clean(d.isEmpty() ? path : d + "/" + path);
  }

  /**
   * Go's {@code filepath.Clean}, lexically: repeated separators and {@code .} elements removed,
   * {@code ..} resolved against the element before it, {@code .} for an empty result.
   */
  public static String clean(String p) {
    boolean abs = p.startsWith("/");
    List<String> parts = new ArrayList<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
          parts.remove(parts.size() - 1);
          continue;
        }
        if (abs) {
          continue; // "/.." is "/"
        }
      }
      parts.add(seg);
    }
    String out = String.join("/", parts);
    if (abs) {
      return "/" + out;
    }
    return out.isEmpty() ? "." : out;
  }

  /**
   * Go's {@code filepath.Dir} as a {@link Path}: the directory part of {@code file}, the empty path
   * (the working directory) for a bare name.
   */
  public static Path dir(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  /** Thrown for a malformed pattern: Go's {@code syntax error in pattern}. */
  public static final class BadPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadPatternException() {
      super("syntax error in pattern");
    }
  }

  /** Whether {@code s} has any of Go's glob metacharacters. */
  public static boolean hasMeta(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e} in the words of Go's {@code *os.PathError}: {@code <op> <path>: <errno text>}, e.g.
   * {@code open t.json: permission denied}, {@code open t.json: too many levels of symbolic links}.
   */
  public static IOException osError(String op, String path, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      reason = errnoText(f.getReason());
    } else {
      reason = errnoText(String.valueOf(e.getMessage()));
    }
    return new IOException(op + " " + path + ": " + reason, e);
  }

  /** The OS's error text as Go's {@code syscall.Errno} spells it: a lower-case first letter. */
  private static String errnoText(String reason) {
    // the JDK words ELOOP its own way
    String loop = "Too many levels of symbolic links";
    if (reason.startsWith(loop)) {
      reason = loop;
    }
    if (reason.isEmpty() || !Character.isUpperCase(reason.charAt(0))) {
      return reason;
    }
    return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
  }

  /**
   * The paths matching {@code pattern}, sorted, as Go returns them (the directory part as written,
   * joined with each matching name). A pattern without metacharacters matches itself if it exists.
   *
   * @throws BadPatternException for a malformed pattern
   */
  public static List<String> glob(String pattern) throws IOException {
    return glob(pattern, Path.of(""));
  }

  /**
   * As {@link #glob(String)}, reading relative patterns from {@code workingDir}; the names returned
   * are still relative as written.
   */
  public static List<String> glob(String pattern, Path workingDir) throws IOException {
    int slash = pattern.lastIndexOf('/');
    String dir = slash < 0 ? "" : pattern.substring(0, slash);
    String name = slash < 0 ? pattern : pattern.substring(slash + 1);
    if (!hasMeta(pattern)) {
      // Go: os.Lstat, so a dangling link or a link loop matches (and fails when opened).
      return Files.exists(workingDir.resolve(pattern), LinkOption.NOFOLLOW_LINKS)
          ? List.of(pattern)
          : List.of();
    }
    match(name, ""); // validate the pattern even when the directory is missing
    Path d = workingDir.resolve(dir.isEmpty() ? "." : dir);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
      for (Path e : entries) {
        String n = e.getFileName().toString();
        if (match(name, n)) {
          names.add(n);
        }
      }
    }
    names.sort(null);
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(slash < 0 ? n : dir + "/" + n);
    }
    return out;
  }

  /**
   * Go's {@code filepath.Match} on one path element.
   *
   * @throws BadPatternException for a malformed pattern
   */
  public static boolean match(String pattern, String name) {
    return matchFrom(pattern, 0, name, 0);
  }

  private static boolean matchFrom(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          validateRest(p, pi);
          return s.indexOf('/', si) < 0;
        }
        validateRest(p, pi);
        for (int k = si; k <= s.length(); k++) {
          if (k > si && s.charAt(k - 1) == '/') {
            return false;
          }
          if (matchFrom(p, pi, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (c == '?') {
        if (si >= s.length() || s.charAt(si) == '/') {
          validateRest(p, pi + 1);
          return false;
        }
        si += Character.charCount(s.codePointAt(si));
        pi++;
        continue;
      }
      if (c == '[') {
        int[] end = new int[1];
        boolean ok = si < s.length() && classMatches(p, pi, s.codePointAt(si), end);
        if (si >= s.length()) {
          classMatches(p, pi, 'x', end); // still validate
          return false;
        }
        if (!ok) {
          validateRest(p, end[0]);
          return false;
        }
        si += Character.charCount(s.codePointAt(si));
        pi = end[0];
        continue;
      }
      if (c == '\\') {
        pi++;
        if (pi >= p.length()) {
          throw new BadPatternException();
        }
        c = p.charAt(pi);
      }
      if (si >= s.length() || s.charAt(si) != c) {
        validateRest(p, pi + 1);
        return false;
      }
      si++;
      pi++;
    }
    return si == s.length();
  }

  /** Go reports a bad pattern even after a mismatch: check the rest for syntax. */
  private static void validateRest(String p, int pi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '[') {
        int[] end = new int[1];
        classMatches(p, pi, 'x', end);
        pi = end[0];
      } else if (c == '\\') {
        if (pi + 1 >= p.length()) {
          throw new BadPatternException();
        }
        pi += 2;
      } else {
        pi++;
      }
    }
  }

  /** Whether code point {@code ch} is in the class at {@code p[start]}; end[0] gets its end. */
  private static boolean classMatches(String p, int start, int ch, int[] end) {
    int i = start + 1;
    boolean negated = false;
    if (i < p.length() && p.charAt(i) == '^') {
      negated = true;
      i++;
    }
    boolean matched = false;
    int n = 0;
    while (true) {
      if (i < p.length() && p.charAt(i) == ']' && n > 0) {
        i++;
        break;
      }
      int[] lo = new int[1];
      i = classChar(p, i, lo);
      int hi = lo[0];
      if (i < p.length() && p.charAt(i) == '-') {
        int[] h = new int[1];
        i = classChar(p, i + 1, h);
        hi = h[0];
        if (hi < lo[0]) {
          // Go accepts a reversed range; it matches nothing
          n++;
          continue;
        }
      }
      if (lo[0] <= ch && ch <= hi) {
        matched = true;
      }
      n++;
    }
    end[0] = i;
    return matched != negated;
  }

  private static int classChar(String p, int i, int[] out) {
    if (i >= p.length()) {
      throw new BadPatternException();
    }
    char c = p.charAt(i);
    if (c == '-' || c == ']') {
      throw new BadPatternException();
    }
    if (c == '\\') {
      i++;
      if (i >= p.length()) {
        throw new BadPatternException();
      }
    }
    int cp = p.codePointAt(i);
    out[0] = cp;
    return i + Character.charCount(cp);
  }
}
