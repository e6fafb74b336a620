package io.promsd.relabel.junit.internal;

import io.promsd.relabel.testing.TestData;
import java.nio.file.Path;
import java.util.List;

/** The example relabel test files in {@code testdata/examples/relabel-tests}. */
public final class Examples {
  private Examples() {}

  public static Path dir() {
    return TestData.resolve("examples", "relabel-tests");
  }

  /** The suites that must pass. */
  public static List<Path> passing() {
    Path d = dir();
    return List.of(
        d.resolve("blackbox.test.yml"),
        d.resolve("kubernetes-pods.test.yml"),
        d.resolve("kubernetes-pods-metrics.test.yml"),
        d.resolve("sharded.test.yml"));
  }

  /** The deliberately failing suite. */
  public static Path failing() {
    return dir().resolve("failing").resolve("node-mistakes.test.yml");
  }

  /**
   * The report of the failing suite, worked out from the format and the rules (its actual outcomes
   * agree with promtool 2.42, see gen/check_promtool.py); {@code f} is the file as named.
   */
  public static String failingReport(String f) {
    return """
        PASS %1$s: production nodes are kept
        FAIL %1$s: test machines are dropped
          expected the target to be dropped, but it was kept
          expected: dropped
          actual:   {__address__="test-db-1:9100", env="staging", host="test-db-1"}
          trace:
            input {__address__="test-db-1:9100", env="staging"}
            #0 keep      [env] "staging" =~ `production|staging` => kept
            #1 drop      [__address__] "test-db-1:9100" !~ `test` => kept
            #2 replace   [__address__] "test-db-1:9100" =~ `([^:]+):\\d+` => +host="test-db-1"
            #3 replace   [datacenter] "" =~ `(.*)` => no change
            #4 labeldrop names =~ `datacenter` => no change
        FAIL %1$s: development nodes are kept
          expected the target to be kept, but rule #0 (keep) dropped it
          expected: at least {env="development"}
          actual:   dropped by rule #0 (keep)
          trace:
            input {__address__="dev-1:9100", env="development"}
            #0 keep      [env] "development" !~ `production|staging` => dropped: regex did not match
        FAIL %1$s: host is the short name and the datacenter stays
          output differs from the expected labels
          expected: {__address__="db-2.example.com:9100", datacenter="fra1", env="production", host="db-2"}
          actual:   {__address__="db-2.example.com:9100", dc="fra1", env="production", host="db-2.example.com"}
          diff (expected -> actual):
            added:   dc="fra1"
            removed: datacenter="fra1"
            changed: host="db-2" -> "db-2.example.com"
          trace:
            input {__address__="db-2.example.com:9100", datacenter="fra1", env="production"}
            #0 keep      [env] "production" =~ `production|staging` => kept
            #1 drop      [__address__] "db-2.example.com:9100" !~ `test` => kept
            #2 replace   [__address__] "db-2.example.com:9100" =~ `([^:]+):\\d+` => +host="db-2.example.com"
            #3 replace   [datacenter] "fra1" =~ `(.*)` => +dc="fra1"
            #4 labeldrop names =~ `datacenter` => -datacenter="fra1"
        FAIL %1$s: test-db-2 is dropped by the test-machine rule
          expected rule #1 to drop the target, but rule #0 (keep) dropped it
          expected: dropped by rule #1
          actual:   dropped by rule #0 (keep)
          trace:
            input {__address__="test-db-2:9100"}
            #0 keep      [env] "" !~ `production|staging` => dropped: regex did not match
        """
        .formatted(f);
  }
}
