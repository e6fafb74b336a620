package io.promsd.pushgateway;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Text exposition read back line by line as untyped samples (every sample line its own family
 * entry, in order), for {@link PushedGroup}'s flattened view.
 */
final class ParsedText {
  private ParsedText() {}

  static List<Family> samplesOf(byte[] text) {
    List<Family> out = new ArrayList<>();
    for (String line : new String(text, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        for (Family f :
            TextParser.parse(
                    new ByteArrayInputStream(
                        (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .values()) {
          out.add(f);
        }
      } catch (BadPushException | java.io.IOException e) {
        throw new IllegalStateException("own exposition did not read back: " + line, e);
      }
    }
    return out;
  }
}
