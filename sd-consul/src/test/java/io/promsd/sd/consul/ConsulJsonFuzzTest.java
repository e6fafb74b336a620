package io.promsd.sd.consul;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the Consul answer decoders (issue 17): any answer body gives
 * a datacenter, a catalog and service entries, or a {@link ConsulException}, never another
 * exception, within Jazzer's time limit. Without {@code JAZZER_FUZZ=1} this replays the committed
 * inputs under {@code src/test/resources/io/promsd/sd/consul/ConsulJsonFuzzTestInputs/}; see
 * testdata/fuzz/README.md.
 */
class ConsulJsonFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void answers(byte[] body) {
    decode(() -> ConsulJson.datacenter(body));
    decode(() -> ConsulJson.catalog(body));
    decode(() -> ConsulJson.health(body));
  }

  private static void decode(Runnable decoder) {
    try {
      decoder.run();
    } catch (ConsulException located) {
      if (located.getMessage() == null || located.getMessage().isBlank()) {
        throw new AssertionError("a ConsulException without a message", located);
      }
    }
  }
}
