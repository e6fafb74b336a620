package io.promsd.relabel.junit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes relabel test results as a JUnit XML report, the format CI systems (Jenkins, GitLab, GitHub
 * test reporters) display: one {@code <testsuite>} per test file, one {@code <testcase>} per test,
 * a {@code <failure>} with the diff and trace for each failed test, and for an invalid file one
 * test case with an {@code <error>}. Every element and attribute the Ant JUnit schema requires is
 * written ({@code testsuite}: name, tests, failures, errors, skipped, time, timestamp, hostname,
 * id, package, and the {@code properties}, {@code system-out}, {@code system-err} elements; {@code
 * testcase}: name, classname, time; {@code failure}/{@code error}: message, type). Stateless.
 */
public final class JUnitXmlReport {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private JUnitXmlReport() {}

  /** Writes the report for {@code suites} to {@code file} (UTF-8), replacing it. */
  public static void write(List<RelabelSuiteResult> suites, Path file) throws IOException {
    Files.writeString(file, render(suites), StandardCharsets.UTF_8);
  }

  /** The report for {@code suites}, naming this machine as the host. */
  public static String render(List<RelabelSuiteResult> suites) {
    return render(suites, hostname());
  }

  static String render(List<RelabelSuiteResult> suites, String hostname) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    Duration time = Duration.ZERO;
    for (RelabelSuiteResult s : suites) {
      tests += s.valid() ? s.results().size() : 1;
      failures += s.failed();
      errors += s.valid() ? 0 : 1;
      time = time.plus(s.time());
    }
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuites name=\"promsd test relabel\"");
    counts(x, tests, failures, errors, time);
    x.append(">\n");
    for (int id = 0; id < suites.size(); id++) {
      suite(x, suites.get(id), id, hostname);
    }
    return x.append("</testsuites>\n").toString();
  }

  private static void suite(StringBuilder x, RelabelSuiteResult s, int id, String hostname) {
    String name = s.file().toString();
    x.append("  <testsuite name=\"").append(escape(name)).append('"');
    counts(x, s.valid() ? s.results().size() : 1, s.failed(), s.valid() ? 0 : 1, s.time());
    x.append(" timestamp=\"")
        .append(TIMESTAMP.format(LocalDateTime.ofInstant(s.started(), ZoneOffset.UTC)))
        .append('"');
    x.append(" hostname=\"").append(escape(hostname)).append('"');
    x.append(" id=\"").append(id).append('"');
    x.append(" package=\"").append(escape(name)).append("\">\n");
    x.append("    <properties/>\n");
    if (!s.valid()) {
      x.append("    <testcase name=\"(invalid file)\" classname=\"")
          .append(escape(name))
          .append("\" time=\"")
          .append(seconds(s.time()))
          .append("\">\n");
      x.append("      <error message=\"")
          .append(escape(s.error()))
          .append("\" type=\"ConfigException\">")
          .append(text(s.error()))
          .append("</error>\n");
      x.append("    </testcase>\n");
    }
    for (RelabelTestResult r : s.results()) {
      x.append("    <testcase name=\"")
          .append(escape(r.testCase().name()))
          .append("\" classname=\"")
          .append(escape(name))
          .append("\" time=\"")
          .append(seconds(r.time()))
          .append('"');
      if (r.passed()) {
        x.append("/>\n");
        continue;
      }
      x.append(">\n      <failure message=\"")
          .append(escape(r.failure()))
          .append("\" type=\"RelabelTestFailure\">")
          .append(text(TextReport.explain(r, "")))
          .append("</failure>\n    </testcase>\n");
    }
    x.append("    <system-out/>\n    <system-err/>\n  </testsuite>\n");
  }

  private static void counts(StringBuilder x, int tests, int failures, int errors, Duration t) {
    x.append(" tests=\"").append(tests).append('"');
    x.append(" failures=\"").append(failures).append('"');
    x.append(" errors=\"").append(errors).append('"');
    x.append(" skipped=\"0\"");
    x.append(" time=\"").append(seconds(t)).append('"');
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  /** Element text: as {@link #escape} but with line breaks and tabs kept as they are. */
  static String text(String s) {
    return escape(s, false);
  }

  /**
   * An attribute value: markup characters as entities, line breaks and tabs as character references
   * (so parsers keep them), characters XML 1.0 forbids as U+FFFD.
   */
  static String escape(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\n' -> sb.append(attribute ? "&#10;" : "\n");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append(attribute ? "&#9;" : "\t");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** The host name CI systems show; {@code localhost} when it is not known without a lookup. */
  private static String hostname() {
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() ? "localhost" : h;
  }
}
