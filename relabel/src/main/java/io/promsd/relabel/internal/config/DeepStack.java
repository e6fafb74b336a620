package io.promsd.relabel.internal.config;

import java.util.function.Supplier;

/**
 * Runs a recursive parse on a thread with a big stack. Go's parsers allow 10,000 levels of nesting
 * (yaml.v2 {@code max_flow_level} and {@code max_indents}, encoding/json {@code maxNestingDepth});
 * our recursive readers need more stack for that than a default thread has, so a document that
 * overflows the caller's stack is read again here, where the answer no longer depends on the
 * caller's stack size.
 */
final class DeepStack {
  private DeepStack() {}

  // Measured: 20,000 levels of YAML (10,000 block inside 10,000 flow is the most Go accepts)
  // need about 40 MiB; the stack is reserved, and only what is used is committed.
  private static final long STACK_BYTES = 256L << 20;

  static <T> T call(Supplier<T> work) {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result[0] = work.get();
              } catch (RuntimeException | Error e) {
                failure[0] = e;
              }
            },
            "promsd-deep-parse",
            STACK_BYTES);
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // a bounded computation: let it finish, then restore the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T r = (T) result[0];
    return r;
  }
}
