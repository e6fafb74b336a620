package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.internal.config.GoText;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * An immutable set of labels (name/value pairs), sorted by name in the byte order of the names'
 * UTF-8 encoding, as Prometheus sorts them.
 *
 * <p>Follows Prometheus's label builder: a label with an empty value is the same as a missing
 * label, so empty values are never stored, and {@link #get} returns {@code ""} for a missing label.
 * Names are not validated here (relabeling can create any name, even {@code ""}).
 *
 * <p>Instances are thread-safe. {@link #equals} and {@link #hashCode} compare the pairs.
 */
public final class Labels implements Iterable<Labels.Label> {

  /** One name/value pair of a {@link Labels} set. */
  public record Label(String name, String value) {
    /** Checks that both parts are present. */
    public Label {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  private static final String[] NONE = new String[0];
  private static final Labels EMPTY = new Labels(NONE, NONE);

  /**
   * Orders names as Prometheus does: by the bytes of their UTF-8 encoding, which is code point
   * order. It differs from {@link String#compareTo} only for supplementary characters.
   */
  public static final Comparator<String> NAME_ORDER = Labels::compareNames;

  // Parallel arrays, sorted by name, no duplicate names, no empty values. Never mutated after
  // construction; the engine builds them through Builder and hands them over without copying.
  final String[] names;
  final String[] values;
  private int hash;

  Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** The empty label set. */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Labels from alternating names and values: {@code Labels.of("job", "node", "env", "prod")}. A
   * later pair wins over an earlier one with the same name; empty values are dropped.
   *
   * @throws IllegalArgumentException if an odd number of strings is given
   */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Builder b = new Builder(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /** Labels copied from a map; entries with empty values are dropped. */
  public static Labels of(Map<String, String> map) {
    Builder b = new Builder(map.size());
    map.forEach(b::set);
    return b.build();
  }

  /** A builder starting from the empty set. */
  public static Builder builder() {
    return new Builder(8);
  }

  /** A builder starting from these labels. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The number of labels. */
  public int size() {
    return names.length;
  }

  /** Whether the set has no labels. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The value of the label, or {@code ""} if it is missing (Prometheus's semantics). */
  public String get(String name) {
    int i = indexOf(name);
    return i >= 0 ? values[i] : "";
  }

  /** Whether a label with this name is present (that is, has a non-empty value). */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** The name of the {@code i}-th label in sort order. */
  public String name(int i) {
    return names[i];
  }

  /** The value of the {@code i}-th label in sort order. */
  public String value(int i) {
    return values[i];
  }

  /** Calls {@code action} with each name and value, in sort order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], values[i]);
    }
  }

  /**
   * These labels without those whose name starts with {@code prefix}; this same instance when there
   * are none (Prometheus drops {@code __meta_} labels this way after relabeling).
   */
  public Labels withoutPrefix(String prefix) {
    int keep = 0;
    for (String n : names) {
      if (!n.startsWith(prefix)) {
        keep++;
      }
    }
    if (keep == names.length) {
      return this;
    }
    String[] kn = new String[keep];
    String[] kv = new String[keep];
    int k = 0;
    for (int i = 0; i < names.length; i++) {
      if (!names[i].startsWith(prefix)) {
        kn[k] = names[i];
        kv[k] = values[i];
        k++;
      }
    }
    return keep == 0 ? EMPTY : new Labels(kn, kv);
  }

  /** An unmodifiable map view in sort order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public Iterator<Label> iterator() {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < names.length;
      }

      @Override
      public Label next() {
        if (i >= names.length) {
          throw new NoSuchElementException();
        }
        Label l = new Label(names[i], values[i]);
        i++;
        return l;
      }
    };
  }

  int indexOf(String name) {
    return search(names, names.length, name);
  }

  /**
   * Binary search in code point order among the first {@code size} names: the index, or minus the
   * insertion point minus one. Label sets are small, but a few have hundreds.
   */
  static int search(String[] names, int size, String name) {
    return search(names, size, name, belowSurrogates(name));
  }

  /** As {@link #search(String[], int, String)}, told whether the name is below U+D800. */
  static int search(String[] names, int size, String name, boolean belowSurrogates) {
    if (belowSurrogates) {
      // Code point order and String.compareTo (an intrinsic) agree whenever one side has no
      // char from U+D800 up: the first differing chars are then compared as they are.
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = names[mid].compareTo(name);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -(lo + 1);
    }
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareNames(names[mid], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    return Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  /** Renders as Prometheus does: {@code {a="1", b="2"}}, values Go-quoted. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(16 * names.length + 2).append('{');
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append('=');
      GoText.appendQuoted(sb, values[i]);
    }
    return sb.append('}').toString();
  }

  /**
   * Compares two names by code point, which equals the order of their UTF-8 bytes. {@link
   * String#compareTo} compares UTF-16 units, which puts U+E000..U+FFFF after supplementary
   * characters; this maps the units so that surrogates sort above them.
   */
  static int compareNames(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca >= 0xD800 && cb >= 0xD800) {
          return fixup(ca) - fixup(cb);
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  /** Whether every char of {@code s} is below U+D800 (so no surrogates and no U+E000..U+FFFF). */
  static boolean belowSurrogates(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0xD800) {
        return false;
      }
    }
    return true;
  }

  private static int fixup(char c) {
    if (c >= 0xE000) {
      return c - 0x800; // U+E000..U+FFFF sort below every surrogate (supplementary plane)
    }
    return c + 0x2000; // surrogates: above everything in the BMP
  }

  /**
   * Builds {@link Labels}; setting a label to {@code ""} deletes it, as in Prometheus. Not
   * thread-safe.
   */
  public static final class Builder {
    private String[] names;
    private String[] values;
    private int size;

    Builder(int capacity) {
      names = new String[Math.max(capacity, 4)];
      values = new String[names.length];
    }

    Builder(Labels base) {
      int n = base.names.length;
      names = Arrays.copyOf(base.names, n + 4);
      values = Arrays.copyOf(base.values, n + 4);
      size = n;
    }

    /** Makes the builder hold exactly {@code base}, reusing its arrays when they are big enough. */
    void resetTo(Labels base) {
      int n = base.names.length;
      if (names.length < n + 1) {
        names = new String[n + 8];
        values = new String[n + 8];
      } else {
        for (int i = n; i < size; i++) {
          names[i] = null;
          values[i] = null;
        }
      }
      System.arraycopy(base.names, 0, names, 0, n);
      System.arraycopy(base.values, 0, values, 0, n);
      size = n;
    }

    /** The current value of the label, or {@code ""}. */
    public String get(String name) {
      int i = find(name);
      return i >= 0 ? values[i] : "";
    }

    /** Sets a label; an empty value deletes it. */
    public Builder set(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (value.isEmpty()) {
        return delete(name);
      }
      setAt(find(name), name, value);
      return this;
    }

    /**
     * Sets a non-empty value where {@code i} is what {@link #find} returned for {@code name} (the
     * index, or minus the insertion point minus one), saving a second search.
     */
    void setAt(int i, String name, String value) {
      if (i >= 0) {
        values[i] = value;
        return;
      }
      int at = -(i + 1);
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(names, at, names, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      names[at] = name;
      values[at] = value;
      size++;
    }

    /** Deletes a label if present. */
    public Builder delete(String name) {
      int i = find(name);
      if (i >= 0) {
        removeAt(i);
      }
      return this;
    }

    /** Sets every label of {@code other}. */
    public Builder setAll(Labels other) {
      for (int i = 0; i < other.names.length; i++) {
        set(other.names[i], other.values[i]);
      }
      return this;
    }

    int size() {
      return size;
    }

    /** The sorted names; only the first {@link #size()} are labels. */
    String[] names() {
      return names;
    }

    /** The values, parallel to {@link #names()}. */
    String[] values() {
      return values;
    }

    String nameAt(int i) {
      return names[i];
    }

    String valueAt(int i) {
      return values[i];
    }

    void removeAt(int i) {
      System.arraycopy(names, i + 1, names, i, size - i - 1);
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      size--;
      names[size] = null;
      values[size] = null;
    }

    int find(String name) {
      return search(names, size, name);
    }

    /** Whether the builder holds exactly the labels of {@code l}. */
    boolean sameAs(Labels l) {
      if (l.names.length != size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (!names[i].equals(l.names[i]) || !values[i].equals(l.values[i])) {
          return false;
        }
      }
      return true;
    }

    /** The labels built so far; the builder stays usable. */
    public Labels build() {
      if (size == 0) {
        return EMPTY;
      }
      return new Labels(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
    }
  }
}
