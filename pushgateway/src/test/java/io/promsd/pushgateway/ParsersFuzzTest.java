package io.promsd.pushgateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing (Jazzer) of the Push Gateway's body parsers (issue 17): any body gives
 * metric families or a {@link BadPushException}, never another exception, within Jazzer's time
 * limit. Without {@code JAZZER_FUZZ=1} this replays the committed inputs under {@code
 * src/test/resources/io/promsd/pushgateway/ParsersFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class ParsersFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void text(byte[] body) throws IOException {
    try {
      TextParser.parse(new ByteArrayInputStream(body));
    } catch (BadPushException located) {
      requireMessage(located);
    }
  }

  @FuzzTest(maxDuration = "3m")
  void protobuf(byte[] body) throws IOException {
    try {
      Protobuf.readDelimited(new ByteArrayInputStream(body), 1 << 20);
    } catch (BadPushException located) {
      requireMessage(located);
    }
  }

  private static void requireMessage(BadPushException e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      throw new AssertionError("a BadPushException without a message", e);
    }
  }
}
