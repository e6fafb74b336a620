package io.promsd.pushgateway;

import io.promsd.relabel.internal.config.GoText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text exposition format 0.0.4 read as prometheus/common 0.37's {@code expfmt.TextParser} reads
 * it (what Pushgateway 1.5.1 uses): the same state machine, so the same families, the same error
 * texts ({@code text format parsing error in line N: ...}) and the same line numbers. Not
 * thread-safe; one parser per push.
 */
final class TextParser {
  private static final int EOF = -1;

  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** Go's p.err: null, EOF ("io.EOF"), or the message of a parse or read error. */
  private String err;

  private boolean eof;
  private int lineCount;
  private int currentByte;
  private final ByteToken token = new ByteToken();
  private Family currentMF;
  private Family.Metric currentMetric;
  private List<String> currentLabelList;
  private final java.util.Set<String> currentLabelNames = new java.util.HashSet<>();
  private String currentLabelName;
  private Map<String, String> currentLabels;
  private final Map<String, Family.Metric> summaries = new HashMap<>();
  private final Map<String, Family.Metric> histograms = new HashMap<>();
  private double currentQuantile = Double.NaN;
  private double currentBucket = Double.NaN;
  private boolean currentIsSummaryCount;
  private boolean currentIsSummarySum;
  private boolean currentIsHistogramCount;
  private boolean currentIsHistogramSum;

  private TextParser(InputStream in) {
    this.in = in;
  }

  /**
   * Parses a whole body ({@code TextToMetricFamilies}).
   *
   * @throws BadPushException with expfmt's text when the body is not valid text format
   */
  static Map<String, Family> parse(InputStream in)
      throws BadPushException, io.promsd.web.internal.BodyTooLargeException {
    TextParser p = new TextParser(in);
    return p.run();
  }

  private interface State {
    State next();
  }

  private Map<String, Family> run()
      throws BadPushException, io.promsd.web.internal.BodyTooLargeException {
    State s = this::startOfLine;
    while (s != null) {
      s = s.next();
    }
    if (tooLarge != null) {
      throw tooLarge;
    }
    for (Iterator<Family> it = families.values().iterator(); it.hasNext(); ) {
      Family f = it.next();
      if (f.metrics.isEmpty()) {
        it.remove();
      }
    }
    if (eofErr()) {
      parseError("unexpected end of input stream");
    }
    if (err != null) {
      throw new BadPushException(err);
    }
    for (Family f : families.values()) {
      for (Family.Metric m : f.metrics) {
        if (m.labels == null) {
          m.labels = new String[0];
        }
      }
    }
    return families;
  }

  private boolean eofErr() {
    return err != null && eof;
  }

  // ---- reading bytes (bufio.Reader.ReadByte)

  private IOException readFailure;
  private io.promsd.web.internal.BodyTooLargeException tooLarge;

  private int readByte() {
    if (pos < lim) {
      return buf[pos++] & 0xFF;
    }
    if (readFailure != null || eof) {
      return failRead();
    }
    try {
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      if (n < 0) {
        eof = true;
        return failRead();
      }
      pos = 0;
      lim = n;
      return buf[pos++] & 0xFF;
    } catch (io.promsd.web.internal.BodyTooLargeException e) {
      tooLarge = e;
      readFailure = e;
      return failRead();
    } catch (IOException e) {
      readFailure = e;
      return failRead();
    }
  }

  private int failRead() {
    if (eof) {
      err = "EOF";
    } else {
      err = goReadError(readFailure);
    }
    return EOF;
  }

  /** The Go error text of a failed body read. */
  static String goReadError(IOException e) {
    if (e instanceof EOFException) {
      return "unexpected EOF";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Reads the next byte into currentByte; returns false (and sets err) at the end or on error. */
  private boolean next() {
    int b = readByte();
    if (b == EOF) {
      return false;
    }
    currentByte = b;
    return true;
  }

  // ---- states

  private State startOfLine() {
    lineCount++;
    if (!skipBlankTab()) {
      err = null;
      eof = false;
      return null;
    }
    if (currentByte == '#') {
      return this::startComment;
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    return this::readingMetricName;
  }

  private State startComment() {
    if (!skipBlankTab()) {
      return null;
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    if (!readTokenUntilWhitespace()) {
      return null;
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    String keyword = token.ascii();
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      while (currentByte != '\n') {
        if (!next()) {
          return null;
        }
      }
      return this::startOfLine;
    }
    if (!skipBlankTab()) {
      return null;
    }
    if (!readTokenAsMetricName()) {
      return null;
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    if (!isBlankOrTab(currentByte)) {
      parseError("invalid metric name in comment");
      return null;
    }
    setOrCreateCurrentMF();
    if (!skipBlankTab()) {
      return null;
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    return keyword.equals("HELP") ? this::readingHelp : this::readingType;
  }

  private State readingMetricName() {
    if (!readTokenAsMetricName()) {
      return null;
    }
    if (token.length() == 0) {
      parseError("invalid metric name");
      return null;
    }
    setOrCreateCurrentMF();
    if (currentMF.type == null) {
      currentMF.type = MetricType.UNTYPED;
    }
    currentMetric = new Family.Metric(null);
    currentLabelList = new ArrayList<>(4);
    currentLabelNames.clear();
    if (!skipBlankTabIfCurrentBlankTab()) {
      return null;
    }
    return this::readingLabels;
  }

  private State readingLabels() {
    if (currentMF.type == MetricType.SUMMARY || currentMF.type == MetricType.HISTOGRAM) {
      currentLabels = new TreeMap<>();
      currentLabels.put("__name__", currentMF.name);
      currentQuantile = Double.NaN;
      currentBucket = Double.NaN;
    }
    if (currentByte != '{') {
      return this::readingValue;
    }
    return this::startLabelName;
  }

  private State startLabelName() {
    if (!skipBlankTab()) {
      return null;
    }
    if (currentByte == '}') {
      if (!skipBlankTab()) {
        return null;
      }
      return this::readingValue;
    }
    if (!readTokenAsLabelName()) {
      return null;
    }
    if (token.length() == 0) {
      parseError("invalid label name for metric " + GoText.quote(currentMF.name));
      return null;
    }
    currentLabelName = token.ascii();
    if (currentLabelName.equals("__name__")) {
      parseError("label name \"__name__\" is reserved");
      return null;
    }
    boolean kept =
        !(currentMF.type == MetricType.SUMMARY && currentLabelName.equals("quantile"))
            && !(currentMF.type == MetricType.HISTOGRAM && currentLabelName.equals("le"));
    if (kept) {
      currentLabelList.add(currentLabelName);
      currentLabelList.add(null);
    }
    if (!skipBlankTabIfCurrentBlankTab()) {
      return null;
    }
    if (currentByte != '=') {
      parseError("expected '=' after label name, found " + goQuoteByte(currentByte));
      return null;
    }
    // expfmt re-checks every label here; only the one just added can be a new duplicate
    if (kept && !currentLabelNames.add(currentLabelName)) {
      parseError("duplicate label names for metric " + GoText.quote(currentMF.name));
      return null;
    }
    pendingKept = kept;
    return this::startLabelValue;
  }

  private boolean pendingKept;

  private State startLabelValue() {
    if (!skipBlankTab()) {
      return null;
    }
    if (currentByte != '"') {
      parseError("expected '\"' at start of label value, found " + goQuoteByte(currentByte));
      return null;
    }
    if (!readTokenAsLabelValue()) {
      return null;
    }
    String value = token.string();
    if (!Utf8.valid(value)) {
      parseError("invalid label value " + GoText.quote(value));
      return null;
    }
    if (pendingKept) {
      currentLabelList.set(currentLabelList.size() - 1, value);
    }
    if (currentMF.type == MetricType.SUMMARY) {
      if (currentLabelName.equals("quantile")) {
        Double q = parseFloat(value);
        if (q == null) {
          parseError("expected float as value for 'quantile' label, got " + GoText.quote(value));
          return null;
        }
        currentQuantile = q;
      } else {
        currentLabels.put(currentLabelName, value);
      }
    }
    if (currentMF.type == MetricType.HISTOGRAM) {
      if (currentLabelName.equals("le")) {
        Double b = parseFloat(value);
        if (b == null) {
          parseError("expected float as value for 'le' label, got " + GoText.quote(value));
          return null;
        }
        currentBucket = b;
      } else {
        currentLabels.put(currentLabelName, value);
      }
    }
    if (!skipBlankTab()) {
      return null;
    }
    switch (currentByte) {
      case ',':
        return this::startLabelName;
      case '}':
        if (!skipBlankTab()) {
          return null;
        }
        return this::readingValue;
      default:
        parseError("unexpected end of label value " + GoText.quote(value));
        return null;
    }
  }

  private State readingValue() {
    currentMetric.labels = currentLabelList.toArray(new String[0]);
    if (currentMF.type == MetricType.SUMMARY) {
      String sig = signature(currentLabels);
      Family.Metric s = summaries.get(sig);
      if (s != null) {
        currentMetric = s;
      } else {
        summaries.put(sig, currentMetric);
        currentMF.metrics.add(currentMetric);
      }
    } else if (currentMF.type == MetricType.HISTOGRAM) {
      String sig = signature(currentLabels);
      Family.Metric h = histograms.get(sig);
      if (h != null) {
        currentMetric = h;
      } else {
        histograms.put(sig, currentMetric);
        currentMF.metrics.add(currentMetric);
      }
    } else {
      currentMF.metrics.add(currentMetric);
    }
    if (!readTokenUntilWhitespace()) {
      return null;
    }
    String text = token.string();
    Double value = parseFloat(text);
    if (value == null) {
      parseError("expected float as value, got " + GoText.quote(text));
      return null;
    }
    double v = value;
    switch (currentMF.type) {
      case COUNTER -> currentMetric.counter = v;
      case GAUGE -> currentMetric.gauge = v;
      case UNTYPED -> currentMetric.untyped = v;
      case SUMMARY -> {
        if (currentMetric.summary == null) {
          currentMetric.summary = new Family.Summary();
        }
        if (currentIsSummaryCount) {
          currentMetric.summary.sampleCount = goUint64(v);
        } else if (currentIsSummarySum) {
          currentMetric.summary.sampleSum = v;
        } else if (!Double.isNaN(currentQuantile)) {
          currentMetric.summary.quantiles.add(new double[] {currentQuantile, v});
        }
      }
      case HISTOGRAM -> {
        if (currentMetric.histogram == null) {
          currentMetric.histogram = new Family.Histogram();
        }
        if (currentIsHistogramCount) {
          currentMetric.histogram.sampleCount = goUint64(v);
        } else if (currentIsHistogramSum) {
          currentMetric.histogram.sampleSum = v;
        } else if (!Double.isNaN(currentBucket)) {
          Family.Bucket b = new Family.Bucket();
          b.upperBound = currentBucket;
          b.cumulativeCount = goUint64(v);
          currentMetric.histogram.buckets.add(b);
        }
      }
    }
    if (currentByte == '\n') {
      return this::startOfLine;
    }
    return this::startTimestamp;
  }

  private State startTimestamp() {
    if (!skipBlankTab()) {
      return null;
    }
    if (!readTokenUntilWhitespace()) {
      return null;
    }
    String text = token.string();
    Long ts = parseInt64(text);
    if (ts == null) {
      parseError("expected integer as timestamp, got " + GoText.quote(text));
      return null;
    }
    currentMetric.timestampMs = ts;
    if (!readTokenUntilNewline(false)) {
      return null;
    }
    if (token.length() > 0) {
      parseError("spurious string after timestamp: " + GoText.quote(token.string()));
      return null;
    }
    return this::startOfLine;
  }

  private State readingHelp() {
    if (currentMF.help != null) {
      parseError("second HELP line for metric name " + GoText.quote(currentMF.name));
      return null;
    }
    if (!readTokenUntilNewline(true)) {
      return null;
    }
    currentMF.help = token.string();
    return this::startOfLine;
  }

  private State readingType() {
    if (currentMF.type != null) {
      parseError(
          "second TYPE line for metric name "
              + GoText.quote(currentMF.name)
              + ", or TYPE reported after samples");
      return null;
    }
    if (!readTokenUntilNewline(false)) {
      return null;
    }
    String t = token.string();
    MetricType type =
        switch (GoText.toUpper(t)) {
          case "COUNTER" -> MetricType.COUNTER;
          case "GAUGE" -> MetricType.GAUGE;
          case "SUMMARY" -> MetricType.SUMMARY;
          case "UNTYPED" -> MetricType.UNTYPED;
          case "HISTOGRAM" -> MetricType.HISTOGRAM;
          default -> null;
        };
    if (type == null) {
      parseError("unknown metric type " + GoText.quote(t));
      return null;
    }
    currentMF.type = type;
    return this::startOfLine;
  }

  // ---- helpers

  private void parseError(String msg) {
    eof = false;
    err = "text format parsing error in line " + lineCount + ": " + msg;
  }

  private boolean skipBlankTab() {
    while (true) {
      if (!next()) {
        return false;
      }
      if (!isBlankOrTab(currentByte)) {
        return true;
      }
    }
  }

  private boolean skipBlankTabIfCurrentBlankTab() {
    if (isBlankOrTab(currentByte)) {
      return skipBlankTab();
    }
    return true;
  }

  private boolean readTokenUntilWhitespace() {
    token.reset();
    while (err == null && !isBlankOrTab(currentByte) && currentByte != '\n') {
      token.add(currentByte);
      next();
    }
    return err == null;
  }

  private boolean readTokenUntilNewline(boolean recognizeEscapes) {
    token.reset();
    boolean escaped = false;
    while (err == null) {
      if (recognizeEscapes && escaped) {
        if (currentByte == '\\') {
          token.add('\\');
        } else if (currentByte == 'n') {
          token.add('\n');
        } else {
          parseError("invalid escape sequence '\\" + goChar(currentByte) + "'");
          return false;
        }
        escaped = false;
      } else {
        if (currentByte == '\n') {
          return true;
        } else if (currentByte == '\\') {
          escaped = true;
        } else {
          token.add(currentByte);
        }
      }
      next();
    }
    return false;
  }

  private boolean readTokenAsMetricName() {
    token.reset();
    if (!isValidMetricNameStart(currentByte)) {
      return true;
    }
    while (true) {
      token.add(currentByte);
      if (!next()) {
        return false;
      }
      if (!isValidMetricNameContinuation(currentByte)) {
        return true;
      }
    }
  }

  private boolean readTokenAsLabelName() {
    token.reset();
    if (!isValidLabelNameStart(currentByte)) {
      return true;
    }
    while (true) {
      token.add(currentByte);
      if (!next()) {
        return false;
      }
      if (!isValidLabelNameContinuation(currentByte)) {
        return true;
      }
    }
  }

  private boolean readTokenAsLabelValue() {
    token.reset();
    boolean escaped = false;
    while (true) {
      if (!next()) {
        return false;
      }
      if (escaped) {
        if (currentByte == '"' || currentByte == '\\') {
          token.add(currentByte);
        } else if (currentByte == 'n') {
          token.add('\n');
        } else {
          parseError("invalid escape sequence '\\" + goChar(currentByte) + "'");
          return false;
        }
        escaped = false;
        continue;
      }
      switch (currentByte) {
        case '"':
          return true;
        case '\n':
          parseError(
              "label value " + GoText.quote(token.string()) + " contains unescaped new-line");
          return false;
        case '\\':
          escaped = true;
          break;
        default:
          token.add(currentByte);
      }
    }
  }

  private void setOrCreateCurrentMF() {
    currentIsSummaryCount = false;
    currentIsSummarySum = false;
    currentIsHistogramCount = false;
    currentIsHistogramSum = false;
    String name = token.ascii();
    currentMF = families.get(name);
    if (currentMF != null) {
      return;
    }
    String summaryName = summaryMetricName(name);
    currentMF = families.get(summaryName);
    if (currentMF != null && currentMF.type == MetricType.SUMMARY) {
      currentIsSummaryCount = isCount(name);
      currentIsSummarySum = isSum(name);
      return;
    }
    String histogramName = histogramMetricName(name);
    currentMF = families.get(histogramName);
    if (currentMF != null && currentMF.type == MetricType.HISTOGRAM) {
      currentIsHistogramCount = isCount(name);
      currentIsHistogramSum = isSum(name);
      return;
    }
    currentMF = new Family(name);
    families.put(name, currentMF);
  }

  // model.LabelsToSignature; any injective key will do, the map is local
  private static String signature(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      sb.append(e.getKey()).append('\u00ff').append(e.getValue()).append('\u00ff');
    }
    return sb.toString();
  }

  private static boolean isValidLabelNameStart(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isValidLabelNameContinuation(int b) {
    return isValidLabelNameStart(b) || (b >= '0' && b <= '9');
  }

  private static boolean isValidMetricNameStart(int b) {
    return isValidLabelNameStart(b) || b == ':';
  }

  private static boolean isValidMetricNameContinuation(int b) {
    return isValidLabelNameContinuation(b) || b == ':';
  }

  private static boolean isBlankOrTab(int b) {
    return b == ' ' || b == '\t';
  }

  private static boolean isCount(String n) {
    return n.length() > 6 && n.endsWith("_count");
  }

  private static boolean isSum(String n) {
    return n.length() > 4 && n.endsWith("_sum");
  }

  private static boolean isBucket(String n) {
    return n.length() > 7 && n.endsWith("_bucket");
  }

  private static String summaryMetricName(String n) {
    if (isCount(n)) {
      return n.substring(0, n.length() - 6);
    }
    if (isSum(n)) {
      return n.substring(0, n.length() - 4);
    }
    return n;
  }

  private static String histogramMetricName(String n) {
    if (isCount(n)) {
      return n.substring(0, n.length() - 6);
    }
    if (isSum(n)) {
      return n.substring(0, n.length() - 4);
    }
    if (isBucket(n)) {
      return n.substring(0, n.length() - 7);
    }
    return n;
  }

  /** Go's {@code %q} of a byte ({@code strconv.QuoteRune} of its value). */
  private static String goQuoteByte(int b) {
    return quoteRune(b);
  }

  static String quoteRune(int r) {
    return switch (r) {
      case '\'' -> "'\\''";
      case '\\' -> "'\\\\'";
      case 0x07 -> "'\\a'";
      case '\b' -> "'\\b'";
      case '\f' -> "'\\f'";
      case '\n' -> "'\\n'";
      case '\r' -> "'\\r'";
      case '\t' -> "'\\t'";
      case 0x0B -> "'\\v'";
      default -> {
        if (r >= 0x20 && r < 0x7F) {
          yield "'" + (char) r + "'";
        }
        if (r < 0x20 || r == 0x7F) {
          yield String.format(java.util.Locale.ROOT, "'\\x%02x'", r);
        }
        // a byte 0x80..0xFF is the rune of that value: printable Latin-1, else a u escape
        if (r >= 0xA0 && r != 0xAD) {
          yield "'" + (char) r + "'";
        }
        yield String.format(java.util.Locale.ROOT, "'\\u%04x'", r);
      }
    };
  }

  /** Go's {@code %c} of a byte: the rune of that value, UTF-8 encoded. */
  private static String goChar(int b) {
    return String.valueOf((char) b);
  }

  /** expfmt's parseFloat: Go's {@code strconv.ParseFloat} without hex floats or underscores. */
  static Double parseFloat(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'p' || c == 'P' || c == '_') {
        return null;
      }
    }
    return GoParse.parseFloat(s);
  }

  private static Long parseInt64(String s) {
    return GoParse.parseInt64(s);
  }

  // uint64(value) in Go: truncation; out-of-range and NaN are implementation-defined on amd64,
  // where they give 0x8000000000000000.
  static long goUint64(double v) {
    if (Double.isNaN(v) || v >= 18446744073709551616.0 || v <= -1) {
      if (v < 0 && v > -9.223372036854775808E18) {
        return (long) v; // negative in range: the bits of int64(v)
      }
      return Long.MIN_VALUE;
    }
    if (v >= 9.223372036854775808E18) {
      return (long) (v - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }
    return (long) v;
  }

  /** A growable byte buffer for tokens. */
  private static final class ByteToken {
    private byte[] b = new byte[64];
    private int n;

    void reset() {
      n = 0;
    }

    void add(int c) {
      if (n == b.length) {
        b = java.util.Arrays.copyOf(b, n * 2);
      }
      b[n++] = (byte) c;
    }

    int length() {
      return n;
    }

    String ascii() {
      return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    String string() {
      return Utf8.decode(b, 0, n);
    }
  }
}
