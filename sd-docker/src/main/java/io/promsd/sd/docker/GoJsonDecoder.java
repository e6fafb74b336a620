package io.promsd.sd.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one JSON value the way the Docker client does it, with Go's {@code
 * json.NewDecoder(body).Decode(&v)} into the Engine API's Go types ({@link GoType}): the first
 * value only (what follows it is not read), {@code EOF} for an empty body and {@code unexpected
 * EOF} for a cut one, Go's syntax error texts ({@code invalid character 'x' looking for beginning
 * of value}), then Go's unmarshalling rules: keys matched exactly or case-insensitively, unknown
 * keys ignored, {@code null} leaving the value alone (or nil for pointers, maps and slices), a
 * repeated key decoding again into the same value, and the first value of the wrong type reported
 * as {@code json: cannot unmarshal string into Go struct field Port.Ports.PrivatePort of type
 * uint16} once the whole value was read (Go reads the value before it unmarshals, so a syntax error
 * anywhere wins).
 *
 * <p>Decoded values: {@code String}, {@code Boolean}, {@code Long} (integers), {@code Double},
 * {@code List} (nil slice: {@code null}), {@code Map} (nil map: {@code null}), {@code Object[]} for
 * a struct (its kept fields by slot; absent fields are {@code null}, which readers take as the zero
 * value), {@code null} for a nil pointer, and what a text type's parser returns. Not thread-safe;
 * one instance per document.
 */
final class GoJsonDecoder {
  /** A decoding failure with Go's message. */
  static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] data;
  private final int end;
  private int pos;

  // Go's errorContext: the struct whose field is being decoded, and the field path.
  private String ctxStruct;
  private final List<String> ctxFields = new ArrayList<>();

  private final boolean whole; // json.Unmarshal: the input is one value; else a Decoder

  private String typeError; // the first unmarshal type error (Go's savedError)

  // > 0 while decoding a value nothing keeps: it is checked as Go checks it, but not built.
  private int discard;
  private Object[] scratch = new Object[8];
  private JsonException fatal; // the first error that ends unmarshalling (a TextUnmarshaler's)

  private GoJsonDecoder(byte[] data, int length, boolean whole) {
    this.data = data;
    this.end = length;
    this.whole = whole;
  }

  /**
   * Decodes the first JSON value of {@code data[0, length)} into {@code type}.
   *
   * @throws JsonException with the text Go's decoder returns
   */
  static Object decode(byte[] data, int length, GoType type) throws JsonException {
    GoJsonDecoder d = new GoJsonDecoder(data, length, false);
    d.skipSpace();
    if (d.pos >= d.end) {
      throw new JsonException("EOF");
    }
    Object v = d.value(type, null);
    return d.result(v);
  }

  /**
   * As {@code json.Unmarshal(data, &v)}: the input must be exactly one value ({@code unexpected end
   * of JSON input}, {@code invalid character 'x' after top-level value}).
   */
  static Object unmarshal(byte[] data, int length, GoType type) throws JsonException {
    GoJsonDecoder d = new GoJsonDecoder(data, length, true);
    Object v = d.value(type, null);
    d.skipSpace();
    if (d.pos < d.end) {
      throw d.invalid("after top-level value");
    }
    return d.result(v);
  }

  private Object result(Object v) throws JsonException {
    GoJsonDecoder d = this;
    if (d.fatal != null) {
      throw d.fatal;
    }
    if (d.typeError != null) {
      throw new JsonException(d.typeError);
    }
    return v;
  }

  // ---- values ----

  /** Decodes the value at {@code pos} into {@code type}; {@code into} is the value so far. */
  private Object value(GoType type, Object into) throws JsonException {
    skipSpace();
    if (pos >= end) {
      throw eof();
    }
    byte c = data[pos];
    switch (c) {
      case '{':
        return object(type, into);
      case '[':
        return array(type, into);
      case '"':
        return stringValue(type, into);
      case 't':
        literal("true");
        return boolValue(type, into, true);
      case 'f':
        literal("false");
        return boolValue(type, into, false);
      case 'n':
        literal("null");
        return nullValue(type, into);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(type, into);
        }
        throw invalid("looking for beginning of value");
    }
  }

  private Object nullValue(GoType type, Object into) {
    if (type instanceof GoType.Ptr
        || type instanceof GoType.MapOf
        || type instanceof GoType.Slice
        || type instanceof GoType.Any) {
      return null;
    }
    return into; // null into any other kind changes nothing
  }

  private Object boolValue(GoType type, Object into, boolean b) {
    GoType t = deref(type);
    if (t instanceof GoType.Bool) {
      return b;
    }
    if (t instanceof GoType.Any) {
      return into;
    }
    mismatch("bool", t);
    return into;
  }

  private Object stringValue(GoType type, Object into) throws JsonException {
    GoType t = deref(type);
    if (discard > 0 && !(t instanceof GoType.Text)) {
      scanString();
      if (!(t instanceof GoType.Str) && !(t instanceof GoType.Any)) {
        mismatch("string", t);
      }
      return into;
    }
    String s = string();
    if (t instanceof GoType.Str) {
      return s;
    }
    if (t instanceof GoType.Text text) {
      if (fatal == null) {
        try {
          return text.parser.parse(s);
        } catch (JsonException e) {
          fatal = e; // Go stops unmarshalling here; the rest is only read
        }
      }
      return into;
    }
    if (t instanceof GoType.Any) {
      return into;
    }
    mismatch("string", t);
    return into;
  }

  private Object number(GoType type, Object into) throws JsonException {
    String lit = numberLiteral();
    GoType t = deref(type);
    if (t instanceof GoType.Int i) {
      Long v = parseInt(lit, i);
      if (v == null) {
        mismatch("number " + lit, t);
        return into;
      }
      return v;
    }
    if (t instanceof GoType.Float) {
      double v;
      try {
        v = Double.parseDouble(lit);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
        mismatch("number " + lit, t);
        return into;
      }
      return v;
    }
    if (t instanceof GoType.Any) {
      return into;
    }
    mismatch("number", t);
    return into;
  }

  /** strconv.ParseInt/ParseUint of a JSON number, within the type's bits; null if it fails. */
  private static Long parseInt(String lit, GoType.Int t) {
    for (int k = 0; k < lit.length(); k++) {
      char ch = lit.charAt(k);
      if (ch == '.' || ch == 'e' || ch == 'E' || (t.unsigned && ch == '-')) {
        return null;
      }
    }
    try {
      if (t.unsigned) {
        long v = Long.parseUnsignedLong(lit);
        if (t.bits < 64 && Long.compareUnsigned(v, (1L << t.bits) - 1) > 0) {
          return null;
        }
        return v;
      }
      long v = Long.parseLong(lit);
      if (t.bits < 64 && (v < -(1L << (t.bits - 1)) || v > (1L << (t.bits - 1)) - 1)) {
        return null;
      }
      return v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Object array(GoType type, Object into) throws JsonException {
    GoType t = deref(type);
    if (!(t instanceof GoType.Slice slice)) {
      if (!(t instanceof GoType.Any)) {
        mismatch("array", t);
      }
      skip();
      return into;
    }
    pos++; // [
    List<Object> out = discard > 0 ? null : new ArrayList<>();
    skipSpace();
    if (pos < end && data[pos] == ']') {
      pos++;
      return out;
    }
    while (true) {
      Object v = value(slice.elem, null);
      if (out != null) {
        out.add(v);
      }
      skipSpace();
      if (pos >= end) {
        throw eof();
      }
      byte c = data[pos];
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        return out;
      } else {
        throw invalid("after array element");
      }
    }
  }

  private Object object(GoType type, Object into) throws JsonException {
    Object existing = into; // Go decodes a repeated key into the value it already has
    GoType t = deref(type);
    if (t instanceof GoType.MapOf m) {
      if (discard > 0) {
        members((start, end, plain) -> value(m.elem, null));
        return into;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map =
          existing instanceof Map<?, ?> e ? (Map<String, Object>) e : new LinkedHashMap<>();
      members(
          (start, end, plain) -> {
            String key = key(start, end, plain);
            map.put(key, value(m.elem, map.get(key)));
          });
      return map;
    }
    if (t instanceof GoType.Struct s) {
      Object[] slots;
      if (discard > 0) {
        if (scratch.length < s.slots) {
          scratch = new Object[s.slots];
        }
        slots = scratch; // written, never read
      } else {
        slots = existing instanceof Object[] e ? e : new Object[s.slots];
      }
      String origStruct = ctxStruct;
      int origDepth = ctxFields.size();
      members(
          (start, end, plain) -> {
            GoType.Field f = plain ? s.lookup(data, start, end) : s.lookup(key(start, end, false));
            if (f == null) {
              skip();
              return;
            }
            ctxFields.add(f.jsonName());
            ctxStruct = s.shortName;
            if (f.slot() >= 0) {
              slots[f.slot()] = value(f.type(), slots[f.slot()]);
            } else {
              discard++;
              try {
                value(f.type(), null);
              } finally {
                discard--;
              }
            }
            ctxFields.subList(origDepth, ctxFields.size()).clear();
            ctxStruct = origStruct;
          });
      return discard > 0 ? into : slots;
    }
    if (!(t instanceof GoType.Any)) {
      mismatch("object", t);
    }
    skip();
    return into;
  }

  /** Reads one member's value; its key is {@code data[start, end)} (raw, between the quotes). */
  @FunctionalInterface
  private interface Member {
    /**
     * @param plain whether the key is ASCII without escapes (its bytes are its text)
     */
    void read(int start, int end, boolean plain) throws JsonException;
  }

  /** A key's text: its bytes when plain, else unquoted as Go unquotes it. */
  private String key(int start, int end, boolean plain) throws JsonException {
    if (plain) {
      return new String(data, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    int save = pos;
    pos = start - 1;
    String s = string();
    pos = save;
    return s;
  }

  /** Reads {@code {"k": v, ...}}, handing each key to {@code member}, which reads the value. */
  private void members(Member member) throws JsonException {
    pos++; // {
    skipSpace();
    if (pos < end && data[pos] == '}') {
      pos++;
      return;
    }
    while (true) {
      skipSpace();
      if (pos >= end) {
        throw eof();
      }
      if (data[pos] != '"') {
        throw invalid("looking for beginning of object key string");
      }
      int start = pos + 1;
      boolean plain = scanString();
      int keyEnd = pos - 1;
      skipSpace();
      if (pos >= end) {
        throw eof();
      }
      if (data[pos] != ':') {
        throw invalid("after object key");
      }
      pos++;
      member.read(start, keyEnd, plain);
      skipSpace();
      if (pos >= end) {
        throw eof();
      }
      byte c = data[pos];
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        return;
      } else {
        throw invalid("after object key:value pair");
      }
    }
  }

  private static GoType deref(GoType t) {
    while (t instanceof GoType.Ptr p) {
      t = p.elem;
    }
    return t;
  }

  private void mismatch(String what, GoType t) {
    if (typeError != null || fatal != null) {
      return;
    }
    if (ctxStruct != null || !ctxFields.isEmpty()) {
      typeError =
          "json: cannot unmarshal "
              + what
              + " into Go struct field "
              + (ctxStruct == null ? "" : ctxStruct)
              + "."
              + String.join(".", ctxFields)
              + " of type "
              + t.name;
    } else {
      typeError = "json: cannot unmarshal " + what + " into Go value of type " + t.name;
    }
  }

  // ---- skipping (syntax only, nothing kept) ----

  /** Reads the value at {@code pos}, checking its syntax only. */
  private void skip() throws JsonException {
    skipSpace();
    if (pos >= end) {
      throw eof();
    }
    byte c = data[pos];
    switch (c) {
      case '{' -> members((start, end, plain) -> skip());
      case '[' -> {
        pos++;
        skipSpace();
        if (pos < end && data[pos] == ']') {
          pos++;
          return;
        }
        while (true) {
          skip();
          skipSpace();
          if (pos >= end) {
            throw eof();
          }
          byte d = data[pos];
          if (d == ',') {
            pos++;
          } else if (d == ']') {
            pos++;
            return;
          } else {
            throw invalid("after array element");
          }
        }
      }
      case '"' -> skipString();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          numberLiteral();
        } else {
          throw invalid("looking for beginning of value");
        }
      }
    }
  }

  private void skipString() throws JsonException {
    scanString();
  }

  /**
   * Reads a string literal at {@code pos} (on its opening quote), checking its syntax only; true
   * when it is ASCII without escapes.
   */
  private boolean scanString() throws JsonException {
    pos++; // "
    boolean plain = true;
    while (true) {
      if (pos >= end) {
        throw eof();
      }
      int c = data[pos] & 0xff;
      if (c == '"') {
        pos++;
        return plain;
      }
      if (c < 0x20) {
        throw invalid("in string literal");
      }
      pos++;
      if (c >= 0x80) {
        plain = false;
      }
      if (c == '\\') {
        plain = false;
        if (pos >= end) {
          throw eof();
        }
        int e = data[pos] & 0xff;
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos++;
          case 'u' -> {
            pos++;
            hex4();
          }
          default -> throw invalid("in string escape code");
        }
      }
    }
  }

  // ---- lexical ----

  private void skipSpace() {
    while (pos < end) {
      byte c = data[pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private void literal(String word) throws JsonException {
    pos++;
    for (int k = 1; k < word.length(); k++) {
      if (pos >= end) {
        throw eof();
      }
      if (data[pos] != word.charAt(k)) {
        throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(k)) + ")");
      }
      pos++;
    }
  }

  /** Reads a number literal, checking Go's grammar; returns its text. */
  private String numberLiteral() throws JsonException {
    int start = pos;
    if (data[pos] == '-') {
      pos++;
      if (pos >= end) {
        throw eof();
      }
      if (!digit(data[pos])) {
        throw invalid("in numeric literal");
      }
    }
    if (data[pos] == '0') {
      pos++;
    } else {
      while (pos < end && digit(data[pos])) {
        pos++;
      }
    }
    if (pos < end && data[pos] == '.') {
      pos++;
      if (pos >= end) {
        throw eof();
      }
      if (!digit(data[pos])) {
        throw invalid("after decimal point in numeric literal");
      }
      while (pos < end && digit(data[pos])) {
        pos++;
      }
    }
    if (pos < end && (data[pos] == 'e' || data[pos] == 'E')) {
      pos++;
      if (pos < end && (data[pos] == '+' || data[pos] == '-')) {
        pos++;
      }
      if (pos >= end) {
        throw eof();
      }
      if (!digit(data[pos])) {
        throw invalid("in exponent of numeric literal");
      }
      while (pos < end && digit(data[pos])) {
        pos++;
      }
    }
    return new String(data, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Reads a string literal at {@code pos} (on its opening quote) and returns its value as Go's
   * unquote makes it: escapes resolved, invalid UTF-8 bytes and lone surrogate escapes each
   * replaced by U+FFFD.
   */
  private String string() throws JsonException {
    pos++; // "
    int start = pos;
    boolean plain = true;
    while (true) {
      if (pos >= end) {
        throw eof();
      }
      int c = data[pos] & 0xff;
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw invalid("in string literal");
      }
      if (c == '\\' || c >= 0x80) {
        plain = false;
        break;
      }
      pos++;
    }
    if (plain) {
      String s = new String(data, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      pos++;
      return s;
    }
    StringBuilder sb = new StringBuilder(pos - start + 16);
    for (int k = start; k < pos; k++) {
      sb.append((char) data[k]);
    }
    while (true) {
      if (pos >= end) {
        throw eof();
      }
      int c = data[pos] & 0xff;
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw invalid("in string literal");
      }
      if (c == '\\') {
        pos++;
        if (pos >= end) {
          throw eof();
        }
        int e = data[pos] & 0xff;
        pos++;
        switch (e) {
          case '"', '\\', '/' -> sb.append((char) e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            int r = hex4();
            if (Character.isHighSurrogate((char) r)) {
              // A pair only if a \\u low surrogate follows at once.
              if (pos + 1 < end && data[pos] == '\\' && data[pos + 1] == 'u') {
                int save = pos;
                pos += 2;
                int r2 = hex4();
                if (Character.isLowSurrogate((char) r2)) {
                  sb.append((char) r).append((char) r2);
                  continue;
                }
                pos = save;
              }
              sb.append('\uFFFD');
            } else if (Character.isLowSurrogate((char) r)) {
              sb.append('\uFFFD');
            } else {
              sb.append((char) r);
            }
          }
          default -> {
            pos--;
            throw invalid("in string escape code");
          }
        }
        continue;
      }
      if (c < 0x80) {
        sb.append((char) c);
        pos++;
        continue;
      }
      pos = utf8(sb, pos);
    }
  }

  private int hex4() throws JsonException {
    int r = 0;
    for (int k = 0; k < 4; k++) {
      if (pos >= end) {
        throw eof();
      }
      int d = Character.digit(data[pos] & 0xff, 16);
      if (d < 0 || (data[pos] & 0xff) >= 0x80) {
        throw invalid("in \\u hexadecimal character escape");
      }
      r = r * 16 + d;
      pos++;
    }
    return r;
  }

  /**
   * Appends the UTF-8 sequence at {@code at} (a byte >= 0x80) or U+FFFD for one invalid byte, as
   * Go's utf8.DecodeRune does; returns the position after it.
   */
  private int utf8(StringBuilder sb, int at) {
    int b0 = data[at] & 0xff;
    int need;
    int cp;
    int min;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      cp = b0 & 0x1F;
      min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      cp = b0 & 0x0F;
      min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      sb.append('\uFFFD');
      return at + 1;
    }
    int k = at + 1;
    for (int n = 0; n < need; n++, k++) {
      if (k >= end) {
        sb.append('\uFFFD');
        return at + 1;
      }
      int b = data[k] & 0xff;
      if ((b & 0xC0) != 0x80) {
        sb.append('\uFFFD');
        return at + 1;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      sb.append('\uFFFD');
      return at + 1;
    }
    sb.appendCodePoint(cp);
    return k;
  }

  // ---- errors ----

  /** The input ended inside a value: Go's Decoder and Unmarshal say it differently. */
  private JsonException eof() {
    return new JsonException(whole ? "unexpected end of JSON input" : "unexpected EOF");
  }

  /** Go's {@code string(b)} for display: invalid UTF-8 bytes each become U+FFFD. */
  static String bytesToString(byte[] b, int length) {
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = b[i] >= 0;
    }
    if (ascii) {
      return new String(b, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    GoJsonDecoder d = new GoJsonDecoder(b, length, false);
    StringBuilder sb = new StringBuilder(length);
    int i = 0;
    while (i < length) {
      if (b[i] >= 0) {
        sb.append((char) b[i++]);
      } else {
        i = d.utf8(sb, i);
      }
    }
    return sb.toString();
  }

  private JsonException invalid(String context) {
    return new JsonException("invalid character " + quoteChar(data[pos] & 0xff) + " " + context);
  }

  /** Go's quoteChar: the byte as a rune, quoted as a Go rune literal's body in single quotes. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String s = io.promsd.relabel.internal.config.GoText.quote(String.valueOf((char) c));
    return "'" + s.substring(1, s.length() - 1) + "'";
  }
}
