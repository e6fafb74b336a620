package io.promsd.sd.kubernetes;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter, as client-go's reflector retries a failed list or watch
 * (about 0.8 s doubling to 30 s). Not thread-safe: one per informer loop.
 */
final class Backoff {
  /** The first and the largest wait. */
  record Settings(Duration initial, Duration max) {
    static final Settings DEFAULT = new Settings(Duration.ofMillis(800), Duration.ofSeconds(30));
  }

  private final Settings settings;
  private long nextMillis;

  Backoff(Settings settings) {
    this.settings = settings;
    reset();
  }

  void reset() {
    nextMillis = settings.initial().toMillis();
  }

  /** The next wait (with up to 20% jitter), doubling the one after it up to the maximum. */
  Duration next() {
    long base = nextMillis;
    nextMillis = Math.min(settings.max().toMillis(), nextMillis * 2);
    long jitter = base <= 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 5 + 1);
    return Duration.ofMillis(base + jitter);
  }
}
