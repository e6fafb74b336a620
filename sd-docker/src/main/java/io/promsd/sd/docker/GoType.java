package io.promsd.sd.docker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go type as {@code encoding/json} sees it, enough to decode the Engine API's answers as the
 * Docker client does (see {@link GoJsonDecoder}): its kind decides which JSON values it accepts,
 * its name is what Go prints in {@code json: cannot unmarshal ...} errors. Struct fields are
 * decoded into slots of an {@code Object[]} when they are kept, and only checked otherwise.
 */
abstract sealed class GoType {
  /** {@code reflect.Type.String()}: what Go names the type in errors, e.g. {@code []types.Port}. */
  final String name;

  private GoType(String name) {
    this.name = name;
  }

  /** A string kind (Go {@code string} or a named string type such as {@code swarm.NodeRole}). */
  static GoType string(String name) {
    return new Str(name);
  }

  static final GoType STRING = new Str("string");
  static final GoType BOOL = new Bool("bool");
  static final GoType INT = new Int("int", 64, false);
  static final GoType INT64 = new Int("int64", 64, false);
  static final GoType UINT16 = new Int("uint16", 16, true);
  static final GoType UINT32 = new Int("uint32", 32, true);
  static final GoType UINT64 = new Int("uint64", 64, true);
  static final GoType FLOAT32 = new Float("float32");
  static final GoType INT64_DURATION = new Int("time.Duration", 64, false);

  /** A value whose own {@code UnmarshalJSON} accepts anything promsd does not check (time.Time). */
  static GoType unchecked(String name) {
    return new Any(name);
  }

  /** {@code []elem}. */
  static GoType slice(GoType elem) {
    return new Slice("[]" + elem.name, elem);
  }

  /** {@code map[string]elem}. */
  static GoType map(GoType elem) {
    return new MapOf("map[string]" + elem.name, elem);
  }

  /** {@code *elem}. */
  static GoType ptr(GoType elem) {
    return new Ptr("*" + elem.name, elem);
  }

  /**
   * A type implementing {@code encoding.TextUnmarshaler} (netip.Addr, netip.Prefix): a JSON string
   * goes through {@code parser}, whose error ends the decode as Go's does.
   */
  static GoType text(String name, TextParser parser) {
    return new Text(name, parser);
  }

  /**
   * A struct; {@code name} is the qualified name ({@code types.Container}), {@code shortName} what
   * {@code reflect.Type.Name()} gives (empty for anonymous structs), as error contexts print it.
   */
  static Struct struct(String name, String shortName, List<Field> fields) {
    return new Struct(name, shortName, fields);
  }

  /** A struct field: its JSON name (tag or Go name), type, and slot (-1: checked, not kept). */
  static Field field(String jsonName, GoType type, int slot) {
    return new Field(jsonName, type, slot);
  }

  /** As {@link #field(String, GoType, int)}, not kept. */
  static Field field(String jsonName, GoType type) {
    return new Field(jsonName, type, -1);
  }

  /** Parses the text of a {@code TextUnmarshaler}; throws with Go's message. */
  @FunctionalInterface
  interface TextParser {
    Object parse(String text) throws GoJsonDecoder.JsonException;
  }

  record Field(String jsonName, GoType type, int slot, byte[] nameBytes) {
    Field(String jsonName, GoType type, int slot) {
      this(jsonName, type, slot, jsonName.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  static final class Str extends GoType {
    Str(String name) {
      super(name);
    }
  }

  static final class Bool extends GoType {
    Bool(String name) {
      super(name);
    }
  }

  static final class Int extends GoType {
    final int bits;
    final boolean unsigned;

    Int(String name, int bits, boolean unsigned) {
      super(name);
      this.bits = bits;
      this.unsigned = unsigned;
    }
  }

  static final class Float extends GoType {
    Float(String name) {
      super(name);
    }
  }

  static final class Any extends GoType {
    Any(String name) {
      super(name);
    }
  }

  static final class Slice extends GoType {
    final GoType elem;

    Slice(String name, GoType elem) {
      super(name);
      this.elem = elem;
    }
  }

  static final class MapOf extends GoType {
    final GoType elem;

    MapOf(String name, GoType elem) {
      super(name);
      this.elem = elem;
    }
  }

  static final class Ptr extends GoType {
    final GoType elem;

    Ptr(String name, GoType elem) {
      super(name);
      this.elem = elem;
    }
  }

  static final class Text extends GoType {
    final TextParser parser;

    Text(String name, TextParser parser) {
      super(name);
      this.parser = parser;
    }
  }

  static final class Struct extends GoType {
    final String shortName;
    final Field[] fields;
    final int slots;
    private final Map<String, Field> exact = new HashMap<>();

    Struct(String name, String shortName, List<Field> fields) {
      super(name);
      this.shortName = shortName;
      this.fields = fields.toArray(new Field[0]);
      int n = 0;
      for (Field f : this.fields) {
        exact.putIfAbsent(f.jsonName(), f);
        n = Math.max(n, f.slot() + 1);
      }
      this.slots = n;
    }

    /**
     * As {@link #lookup(String)} for a key that is ASCII without escapes, given as its bytes {@code
     * data[start, end)}: no string is made.
     */
    Field lookup(byte[] data, int start, int end) {
      int n = end - start;
      Field folded = null;
      for (Field f : fields) {
        byte[] name = f.nameBytes();
        if (name.length != n) {
          continue;
        }
        boolean same = true;
        boolean fold = true;
        for (int i = 0; i < n && fold; i++) {
          byte a = name[i];
          byte b = data[start + i];
          if (a != b) {
            same = false;
            fold = (a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' && (a | 0x20) <= 'z';
          }
        }
        if (same) {
          return f;
        }
        if (fold && folded == null) {
          folded = f;
        }
      }
      return folded;
    }

    /**
     * The field a JSON key decodes into: an exact match first, else the first field whose name
     * equals the key under Go's case folding (encoding/json's {@code foldName}), else null.
     */
    Field lookup(String key) {
      Field f = exact.get(key);
      if (f != null) {
        return f;
      }
      for (Field c : fields) {
        if (equalFold(c.jsonName(), key)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * Go's simple case folding of a field name against a key: ASCII letters in either case, and the
   * two non-ASCII runes that fold to ASCII letters, U+017F (to {@code s}) and U+212A (to {@code
   * k}). Field names here are ASCII.
   */
  static boolean equalFold(String name, String key) {
    int i = 0;
    int j = 0;
    while (i < name.length() && j < key.length()) {
      char a = name.charAt(i++);
      int b = key.codePointAt(j);
      j += Character.charCount(b);
      if (a == b) {
        continue;
      }
      char la = (char) (a | 0x20);
      if (la >= 'a' && la <= 'z') {
        if (b < 0x80 && (b | 0x20) == la) {
          continue;
        }
        if ((b == 0x017F && la == 's') || (b == 0x212A && la == 'k')) {
          continue;
        }
      }
      return false;
    }
    return i == name.length() && j == key.length();
  }
}
