package io.promsd.relabel;

import java.util.Arrays;

/**
 * Working memory for matching, reused by one thread across calls so that a match allocates nothing:
 * group bounds, and the visited set and stack of {@link Backtrack}.
 */
final class Scratch {
  int[] caps = new int[8];
  int[] stack = new int[64];
  private long[] visited = new long[8];

  /** {@link #caps}, at least {@code n} long, with every entry -1. */
  int[] caps(int n) {
    if (caps.length < n) {
      caps = new int[Math.max(n, 2 * caps.length)];
    }
    Arrays.fill(caps, 0, n, -1);
    return caps;
  }

  /** A cleared bit set of at least {@code words} longs. */
  long[] visited(int words) {
    if (visited.length < words) {
      visited = new long[Math.max(words, 2 * visited.length)];
    } else {
      Arrays.fill(visited, 0, words, 0L);
    }
    return visited;
  }

  int[] growStack() {
    stack = Arrays.copyOf(stack, 2 * stack.length);
    return stack;
  }
}
