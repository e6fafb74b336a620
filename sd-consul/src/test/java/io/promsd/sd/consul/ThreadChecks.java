package io.promsd.sd.consul;

import java.time.Duration;
import java.util.List;

/** Finds threads this module started ({@code promsd-consul-*}), to check nothing leaks. */
final class ThreadChecks {
  private ThreadChecks() {}

  static List<String> consulThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("promsd-consul-"))
        .sorted()
        .toList();
  }

  /** Waits (bounded) until no {@code promsd-consul-*} thread is alive. */
  static void awaitNoConsulThreads(Duration timeout) {
    Await.until(
        () -> consulThreads().isEmpty(), timeout, () -> "threads still alive: " + consulThreads());
  }
}
