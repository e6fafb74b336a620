package io.promsd.pushgateway;

/**
 * Counts per 64-bit key in open addressing (linear probing, backward-shift deletion): the series
 * hashes of the consistency check, a few bytes each instead of a boxed map entry. Not thread-safe.
 */
final class LongCounts {
  private long[] keys = new long[1024];
  private int[] counts = new int[1024];
  private int size;

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  private static long nonZero(long key) {
    return key == 0 ? 1 : key;
  }

  /** Adds {@code delta} to the key's count and returns the new count; a count of 0 is removed. */
  int add(long key, int delta) {
    key = nonZero(key);
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != 0) {
      if (keys[i] == key) {
        int c = counts[i] + delta;
        if (c == 0) {
          remove(i);
        } else {
          counts[i] = c;
        }
        return c;
      }
      i = (i + 1) & mask;
    }
    if (delta == 0) {
      return 0;
    }
    keys[i] = key;
    counts[i] = delta;
    if (++size * 2 > keys.length) {
      grow();
    }
    return delta;
  }

  int get(long key) {
    key = nonZero(key);
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != 0) {
      if (keys[i] == key) {
        return counts[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  int size() {
    return size;
  }

  private void remove(int i) {
    int mask = keys.length - 1;
    keys[i] = 0;
    counts[i] = 0;
    size--;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (keys[j] == 0) {
        return;
      }
      int home = slot(keys[j], mask);
      // move keys[j] into the hole at i if its home is not in (i, j]
      boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!between) {
        keys[i] = keys[j];
        counts[i] = counts[j];
        keys[j] = 0;
        counts[j] = 0;
        i = j;
      }
    }
  }

  private void grow() {
    long[] ok = keys;
    int[] oc = counts;
    keys = new long[ok.length * 2];
    counts = new int[ok.length * 2];
    int mask = keys.length - 1;
    for (int k = 0; k < ok.length; k++) {
      if (ok[k] != 0) {
        int i = slot(ok[k], mask);
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = ok[k];
        counts[i] = oc[k];
      }
    }
  }
}
