package io.promsd.sd.kubernetes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the Kubernetes answer decoders (issue 17): the streaming list
 * decoder ({@link Informer#decodeList}) and the watch event decoder ({@link Informer#handleEvent}),
 * for every resource kind. Property: any answer gives objects (or a skipped line) or an {@link
 * IOException} / API status, never another exception. Without {@code JAZZER_FUZZ=1} this replays
 * the committed inputs under {@code
 * src/test/resources/io/promsd/sd/kubernetes/InformerFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class InformerFuzzTest {
  private static Informer informer(ResourceKind kind) {
    return new Informer(
        null, // never called: the decoders do not touch the connection
        new ObjectDecoder(),
        kind,
        "",
        null,
        new Informer.ErrorSink() {
          @Override
          public void failed(Informer informer, String message, Throwable cause) {}

          @Override
          public void recovered(Informer informer) {}
        },
        Backoff.Settings.DEFAULT);
  }

  @FuzzTest(maxDuration = "5m")
  void list(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (ResourceKind kind : ResourceKind.values()) {
      try {
        Informer.ListAnswer a = informer(kind).decodeList(new StringReader(text));
        if (a.objects() == null || a.version() == null) {
          throw new AssertionError("a list answer without objects or version");
        }
      } catch (IOException refused) {
        if (refused.getMessage() == null) {
          throw new AssertionError("an IOException without a message", refused);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void watch(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (ResourceKind kind : ResourceKind.values()) {
      Informer inf = informer(kind);
      for (String line : text.split("\n", -1)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          inf.handleEvent(line);
        } catch (Informer.StatusException status) {
          // an ERROR event: the API server's Status, retried by the informer
        }
      }
    }
  }
}
