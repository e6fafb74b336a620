package io.promsd.sd.eureka;

import io.promsd.relabel.internal.config.GoText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A reader of XML tokens that behaves as Go's {@code encoding/xml.Decoder} in its default strict
 * mode, as far as Eureka SD needs it: elements, attributes, character data with the five predefined
 * entities and character references ({@code \r\n} read as {@code \n}), CDATA, comments, processing
 * instructions (the {@code xml} declaration's version and encoding checked), directives; element
 * nesting checked; errors with Go's texts ({@code XML syntax error on line 3: unexpected EOF}).
 * Names are matched by their local part, as Prometheus's struct tags do. Offsets into the input are
 * kept so that a caller can take the raw inner XML of an element ({@code ,innerxml}).
 *
 * <p>Not thread-safe; one instance per document.
 */
final class GoXml {
  /** A failure with Go's text. */
  static final class XmlException extends Exception {
    private static final long serialVersionUID = 1L;

    XmlException(String message) {
      super(message);
    }
  }

  /** The kinds of token. */
  enum Kind {
    START,
    END,
    TEXT,
    OTHER,
    EOF
  }

  /**
   * One token: for START and END the local name and (START) attributes; for TEXT the data, decoded
   * when read if it holds entities or CRs, else cut from the input only when asked for (most text
   * between elements is white space nobody reads).
   */
  static final class Token {
    private final Kind kind;
    private final String local;
    private final List<String[]> attrs;
    private final GoXml source;
    private final int from;
    private final int to;
    private String text;

    Token(Kind kind, String local, List<String[]> attrs, String text) {
      this(kind, local, attrs, text, null, 0, 0);
    }

    private Token(
        Kind kind,
        String local,
        List<String[]> attrs,
        String text,
        GoXml source,
        int from,
        int to) {
      this.kind = kind;
      this.local = local;
      this.attrs = attrs;
      this.text = text;
      this.source = source;
      this.from = from;
      this.to = to;
    }

    Kind kind() {
      return kind;
    }

    String local() {
      return local;
    }

    List<String[]> attrs() {
      return attrs;
    }

    String text() {
      if (text == null && source != null) {
        text = source.in.substring(from, to);
      }
      return text;
    }
  }

  private static final Map<String, String> ENTITIES =
      Map.of("lt", "<", "gt", ">", "amp", "&", "apos", "'", "quot", "\"");

  private final String in;
  private int pos;
  private int line = 1;
  private final List<String> stack = new ArrayList<>();
  private final Names names = new Names();
  private String pendingEnd;

  GoXml(String input) {
    this.in = input;
  }

  /** The offset of the next unread character. */
  int offset() {
    return pos;
  }

  /** The input between two offsets. */
  String raw(int from, int to) {
    return in.substring(from, to);
  }

  /** The next token; {@link Kind#EOF} at the end of a well-formed input. */
  Token next() throws XmlException {
    if (pendingEnd != null) {
      String n = pendingEnd;
      pendingEnd = null;
      pop(n);
      return new Token(Kind.END, n, List.of(), null);
    }
    if (pos >= in.length()) {
      if (!stack.isEmpty()) {
        throw syntax("unexpected EOF");
      }
      return new Token(Kind.EOF, null, List.of(), null);
    }
    char c = in.charAt(pos);
    if (c != '<') {
      int from = pos;
      int to = plainText();
      if (to >= 0) {
        return new Token(Kind.TEXT, null, List.of(), null, this, from, to);
      }
      return new Token(Kind.TEXT, null, List.of(), text(-1, false));
    }
    pos++;
    char b = must();
    switch (b) {
      case '/' -> {
        String name = nsLocal("expected element name after </");
        space();
        char e = must();
        if (e != '>') {
          throw syntax("invalid characters between </" + name + " and >");
        }
        pop(name);
        return new Token(Kind.END, name, List.of(), null);
      }
      case '?' -> {
        procInst();
        return new Token(Kind.OTHER, null, List.of(), null);
      }
      case '!' -> {
        return bang();
      }
      default -> {
        pos--;
        if (b == '\n') {
          line--;
        }
        return start();
      }
    }
  }

  /** Skips the rest of the element whose start was just read (Go's {@code Decoder.Skip}). */
  void skip() throws XmlException {
    int depth = 0;
    while (true) {
      Token t = next();
      if (t.kind() == Kind.START) {
        depth++;
      } else if (t.kind() == Kind.END) {
        if (depth == 0) {
          return;
        }
        depth--;
      } else if (t.kind() == Kind.EOF) {
        throw syntax("unexpected EOF");
      }
    }
  }

  private void pop(String name) throws XmlException {
    if (stack.isEmpty()) {
      throw syntax("unexpected end element </" + name + ">");
    }
    String open = stack.remove(stack.size() - 1);
    if (!open.equals(name)) {
      throw syntax("element <" + open + "> closed by </" + name + ">");
    }
  }

  private Token start() throws XmlException {
    String name = nsLocal("expected element name after <");
    List<String[]> attrs = List.of();
    while (true) {
      space();
      char b = must();
      if (b == '/') {
        char e = must();
        if (e != '>') {
          throw syntax("expected /> in element");
        }
        stack.add(name);
        pendingEnd = name;
        return new Token(Kind.START, name, attrs, null);
      }
      if (b == '>') {
        break;
      }
      back(b);
      String attr = nsLocalOrNull();
      if (attr == null) {
        throw syntax("expected attribute name in element");
      }
      space();
      b = must();
      if (b != '=') {
        throw syntax("attribute name without = in element");
      }
      space();
      b = must();
      if (b != '"' && b != '\'') {
        throw syntax("unquoted or missing attribute value in element");
      }
      if (attrs.isEmpty()) {
        attrs = new ArrayList<>(2);
      }
      attrs.add(new String[] {attr, text(b, false)});
    }
    stack.add(name);
    return new Token(Kind.START, name, attrs, null);
  }

  private Token bang() throws XmlException {
    char b = must();
    if (b == '-') {
      if (must() != '-') {
        throw syntax("invalid sequence <!- not part of <!--");
      }
      int end = in.indexOf("-->", pos);
      if (end < 0) {
        countLines(pos, in.length());
        pos = in.length();
        throw syntax("unexpected EOF");
      }
      countLines(pos, end + 3);
      pos = end + 3;
      return new Token(Kind.OTHER, null, List.of(), null);
    }
    if (b == '[') {
      for (char want : "CDATA[".toCharArray()) {
        if (must() != want) {
          throw syntax("invalid <![ sequence");
        }
      }
      return new Token(Kind.TEXT, null, List.of(), text(-1, true));
    }
    // A directive (DOCTYPE and friends): up to the '>' that balances, quotes respected.
    back(b);
    int depth = 0;
    char quote = 0;
    while (true) {
      char c = must();
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '<') {
        depth++;
      } else if (c == '>') {
        if (depth == 0) {
          return new Token(Kind.OTHER, null, List.of(), null);
        }
        depth--;
      }
    }
  }

  private void procInst() throws XmlException {
    String target = nameOrNull();
    if (target == null) {
      throw syntax("expected target name after <?");
    }
    int end = in.indexOf("?>", pos);
    if (end < 0) {
      countLines(pos, in.length());
      pos = in.length();
      throw syntax("unexpected EOF");
    }
    String content = in.substring(pos, end);
    countLines(pos, end + 2);
    pos = end + 2;
    if (target.equals("xml")) {
      String ver = param(content, "version");
      if (!ver.isEmpty() && !ver.equals("1.0")) {
        throw new XmlException(
            "xml: unsupported version " + GoText.quote(ver) + "; only version 1.0 is supported");
      }
      String enc = param(content, "encoding");
      if (!enc.isEmpty() && !enc.toLowerCase(Locale.ROOT).equals("utf-8")) {
        throw new XmlException(
            "xml: encoding " + GoText.quote(enc) + " declared but Decoder.CharsetReader is nil");
      }
    }
  }

  /** Go's {@code procInst}: the quoted value after {@code param=}, or empty. */
  private static String param(String s, String param) {
    int idx = s.indexOf(param);
    while (idx >= 0) {
      String v = s.substring(idx + param.length()).stripLeading();
      if (v.startsWith("=")) {
        v = v.substring(1).stripLeading();
        if (v.isEmpty()) {
          return "";
        }
        char q = v.charAt(0);
        if (q != '\'' && q != '"') {
          return "";
        }
        int close = v.indexOf(q, 1);
        return close < 0 ? "" : v.substring(1, close);
      }
      idx = s.indexOf(param, idx + 1);
    }
    return "";
  }

  /**
   * Reads character data up to the next {@code <} when it needs no decoding (no {@code &}, no CR,
   * no {@code ]]>}, only legal characters) and returns where it ends; otherwise reads nothing and
   * returns -1, leaving the text to {@link #text}.
   */
  private int plainText() {
    int i = pos;
    int lines = 0;
    int n = in.length();
    while (i < n) {
      char c = in.charAt(i);
      if (c == '<') {
        break;
      }
      if (c == '&'
          || c == '\r'
          || (c == '>' && i >= 2 && in.charAt(i - 1) == ']' && in.charAt(i - 2) == ']')) {
        return -1;
      }
      if (c == '\n') {
        lines++;
      } else if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
        return -1;
      }
      i++;
    }
    pos = i;
    line += lines;
    return i;
  }

  /**
   * Character data up to {@code <} (quote < 0), the closing quote, or {@code ]]>} (cdata), with
   * entities and {@code \r} handled as Go's {@code Decoder.text}.
   */
  private String text(int quote, boolean cdata) throws XmlException {
    StringBuilder sb = new StringBuilder();
    char b0 = 0;
    char b1 = 0;
    while (true) {
      if (pos >= in.length()) {
        if (cdata) {
          throw syntax("unexpected EOF in CDATA section");
        }
        if (quote >= 0) {
          throw syntax("unexpected EOF");
        }
        break;
      }
      char b = in.charAt(pos++);
      if (b == '\n') {
        line++;
      }
      if (b0 == ']' && b1 == ']' && b == '>') {
        if (cdata) {
          sb.setLength(sb.length() - 2);
          break;
        }
        throw syntax("unescaped ]]> not in CDATA section");
      }
      if (b == '<' && !cdata) {
        if (quote >= 0) {
          throw syntax("unescaped < inside quoted string");
        }
        pos--;
        break;
      }
      if (quote >= 0 && b == quote) {
        break;
      }
      if (b == '&' && !cdata) {
        sb.append(entity());
        b0 = 0;
        b1 = 0;
        continue;
      }
      if (b == '\r') {
        sb.append('\n');
      } else if (b1 == '\r' && b == '\n') {
        // "\r\n" already gave one "\n"
      } else {
        checkChar(b);
        sb.append(b);
      }
      b0 = b1;
      b1 = b;
    }
    return sb.toString();
  }

  private void checkChar(char c) throws XmlException {
    boolean ok =
        c == 0x09
            || c == 0x0A
            || c == 0x0D
            || (c >= 0x20 && c <= 0xFFFD && c != 0xFFFE)
            || Character.isSurrogate(c);
    if (!ok) {
      throw syntax(String.format(java.util.Locale.ROOT, "illegal character code U+%04X", (int) c));
    }
  }

  /** After '&': the replacement text, or Go's strict-mode error. */
  private String entity() throws XmlException {
    int before = pos - 1;
    char b = must();
    if (b == '#') {
      b = must();
      int base = 10;
      if (b == 'x') {
        base = 16;
        b = must();
      }
      int start = pos - 1;
      while (Character.digit(b, base) >= 0 && b < 0x80) {
        b = must();
      }
      if (b == ';') {
        String digits = in.substring(start, pos - 1);
        try {
          long n = Long.parseUnsignedLong(digits, base);
          if (n <= Character.MAX_CODE_POINT) {
            return new String(Character.toChars((int) n));
          }
        } catch (NumberFormatException e) {
          // empty or too large: an invalid entity
        }
      } else {
        back(b);
      }
    } else {
      back(b);
      String name = nameOrNull();
      b = must();
      if (b == ';') {
        if (name != null && ENTITIES.containsKey(name)) {
          return ENTITIES.get(name);
        }
      } else {
        back(b);
      }
    }
    String ent = in.substring(before, pos);
    if (!ent.endsWith(";")) {
      ent += " (no semicolon)";
    }
    throw syntax("invalid character entity " + ent);
  }

  private String nsLocal(String error) throws XmlException {
    String n = nsLocalOrNull();
    if (n == null) {
      throw syntax(error);
    }
    return n;
  }

  /** Go's {@code nsname}: the local part of a name (the prefix dropped), or null. */
  private String nsLocalOrNull() throws XmlException {
    String s = nameOrNull();
    if (s == null) {
      return null;
    }
    int first = s.indexOf(':');
    if (first < 0 || first != s.lastIndexOf(':')) {
      return s;
    }
    String space = s.substring(0, first);
    String local = s.substring(first + 1);
    return space.isEmpty() || local.isEmpty() ? s : local;
  }

  /** Go's {@code name}: name bytes, then a check that they form an XML name. */
  private String nameOrNull() throws XmlException {
    int start = pos;
    if (pos >= in.length()) {
      throw syntax("unexpected EOF");
    }
    if (!isNameChar(in.charAt(pos))) {
      return null;
    }
    while (pos < in.length() && isNameChar(in.charAt(pos))) {
      pos++;
    }
    if (pos >= in.length()) {
      throw syntax("unexpected EOF");
    }
    String s = names.get(in, start, pos);
    if (s == null) {
      s = in.substring(start, pos);
      if (!isName(s)) {
        throw syntax("invalid XML name: " + s);
      }
      names.put(s);
    }
    return s;
  }

  /**
   * The valid names seen so far, so that the same element name read 10,000 times is one string,
   * checked once: a small open-addressing table looked up by the input region, without cutting it
   * out first.
   */
  private static final class Names {
    private String[] table = new String[64];
    private int size;

    /** The known name equal to {@code in[from, to)}, or null. */
    String get(String in, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + in.charAt(i);
      }
      int len = to - from;
      int mask = table.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        String s = table[i];
        if (s == null) {
          return null;
        }
        if (s.length() == len && s.hashCode() == h && in.regionMatches(from, s, 0, len)) {
          return s;
        }
      }
    }

    /** Adds a name (checked) that {@link #get} did not find. */
    void put(String s) {
      int mask = table.length - 1;
      int i = s.hashCode() & mask;
      while (table[i] != null) {
        i = (i + 1) & mask;
      }
      table[i] = s;
      if (++size * 2 > table.length) {
        grow();
      }
    }

    private void grow() {
      String[] old = table;
      table = new String[old.length * 2];
      int mask = table.length - 1;
      for (String s : old) {
        if (s != null) {
          int i = s.hashCode() & mask;
          while (table[i] != null) {
            i = (i + 1) & mask;
          }
          table[i] = s;
        }
      }
    }
  }

  private static boolean isNameChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == ':'
        || c == '.'
        || c == '-'
        || c >= 0x80;
  }

  private static boolean isName(String s) {
    int c0 = s.codePointAt(0);
    if (!(Character.isLetter(c0) || c0 == '_' || c0 == ':')) {
      return false;
    }
    for (int i = Character.charCount(c0); i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '_'
          || c == ':'
          || c == '.'
          || c == '-'
          || Character.getType(c) == Character.NON_SPACING_MARK
          || Character.getType(c) == Character.COMBINING_SPACING_MARK
          || Character.getType(c) == Character.ENCLOSING_MARK
          || c == 0xB7)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  private void space() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == ' ' || c == '\r' || c == '\t') {
        pos++;
      } else if (c == '\n') {
        pos++;
        line++;
      } else {
        return;
      }
    }
  }

  private char must() throws XmlException {
    if (pos >= in.length()) {
      throw syntax("unexpected EOF");
    }
    char c = in.charAt(pos++);
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private void back(char c) {
    pos--;
    if (c == '\n') {
      line--;
    }
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to && i < in.length(); i++) {
      if (in.charAt(i) == '\n') {
        line++;
      }
    }
  }

  private XmlException syntax(String msg) {
    return new XmlException("XML syntax error on line " + line + ": " + msg);
  }
}
