package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.internal.config.TargetGroups;
import io.promsd.sd.spi.TargetGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What Prometheus does with an answer of an HTTP SD endpoint ({@code Discovery.Refresh} in {@code
 * discovery/http/http.go}): the status must be 200, the {@code Content-Type} {@code
 * application/json} (with an optional UTF-8 charset), the body a JSON array of target groups, read
 * as file SD reads JSON ({@code targetgroup.Group.UnmarshalJSON}). Group {@code i} gets the source
 * {@code <url>:<i>} and the label {@code __meta_url}.
 */
final class HttpTargets {
  private HttpTargets() {}

  // discovery/http/http.go matchContentType; RE2's \s is [\t\n\f\r ].
  private static final Pattern CONTENT_TYPE =
      Pattern.compile(
          "application/json(;[\\t\\n\\f\\r ]*charset=(\"utf-8\"|utf-8))?",
          Pattern.CASE_INSENSITIVE);

  /** The label every group gets: the configured URL. */
  static final String URL_LABEL = "__meta_url";

  /** A refresh that failed, with Prometheus's text. */
  static final class RefreshException extends Exception {
    private static final long serialVersionUID = 1L;

    RefreshException(String message) {
      super(message);
    }

    RefreshException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks the status line and headers as Prometheus does before it reads the body.
   *
   * @param contentType the first {@code Content-Type} value, or null when absent
   * @return null when the answer is acceptable, else Prometheus's text
   */
  static String headerProblem(int status, String contentType) {
    if (status != 200) {
      return "server returned HTTP status " + GoStatus.of(status);
    }
    String ct = contentType == null ? "" : contentType;
    if (!CONTENT_TYPE.matcher(goTrimSpace(ct)).matches()) {
      return "unsupported content type " + io.promsd.relabel.internal.config.GoText.quote(ct);
    }
    return null;
  }

  /**
   * The groups of a body, decoded as Go's {@code json.Unmarshal} into {@code []*targetgroup.Group}.
   *
   * @throws RefreshException with Go's text ({@code unexpected end of JSON input}, {@code json:
   *     unknown field "x"}, {@code nil target group item found}, ...)
   */
  static List<TargetGroup> parse(byte[] body, String url, Compat compat) throws RefreshException {
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      // Go's decoder sees the byte order mark's first byte, 0xEF.
      throw new RefreshException("invalid character 'ï' looking for beginning of value");
    }
    List<TargetGroup> decoded;
    try {
      Node root = Documents.parseJson(text, url);
      decoded = TargetGroups.decodeJsonFile(root, url, compat, url);
    } catch (ConfigException e) {
      String m = e.reason();
      // File SD names the index of a null item; HTTP SD does not (http.go Refresh).
      if (m.startsWith("nil target group item found")) {
        m = "nil target group item found";
      }
      throw new RefreshException(m, e);
    }
    List<TargetGroup> out = new ArrayList<>(decoded.size());
    for (TargetGroup g : decoded) {
      Labels labels = g.labels().toBuilder().set(URL_LABEL, url).build();
      out.add(new TargetGroup(g.source(), labels, g.targets()));
    }
    return out;
  }

  /** Go's {@code strings.TrimSpace} (ASCII and Unicode white space). */
  static String goTrimSpace(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && isSpace(s.charAt(b))) {
      b++;
    }
    while (e > b && isSpace(s.charAt(e - 1))) {
      e--;
    }
    return s.substring(b, e);
  }

  private static boolean isSpace(char c) {
    return c == ' '
        || (c >= '\t' && c <= '\r')
        || c == '\u0085'
        || c == '\u00A0'
        || Character.isSpaceChar(c);
  }
}
