package io.promsd.relabel;

/**
 * A label name a compiled rule reads or writes, with what can be decided about it once: whether
 * {@link String#compareTo} may stand in for label order when searching for it, and its site, the
 * slot where each thread remembers where the name was found last time (see {@link
 * Relabeler.State}). Targets from one discoverer mostly share one set of names, so the remembered
 * position is usually right, and one {@code equals} replaces a binary search.
 */
final class LabelKey {
  final String name;
  final boolean belowSurrogates; // no char from U+D800 up: compareTo is code point order
  final int site; // index of the position hint, or -1 for none

  LabelKey(String name, int site) {
    this.name = name;
    this.belowSurrogates = Labels.belowSurrogates(name);
    this.site = site;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Hands out the sites of one relabeler. */
  static final class Sites {
    private int next;

    LabelKey key(String name) {
      return new LabelKey(name, next++);
    }

    /** Reserves {@code n} sites for names a rule computes; returns the first. */
    int reserve(int n) {
      int first = next;
      next += n;
      return first;
    }

    int count() {
      return next;
    }
  }
}
