package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.file.internal.GroupFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Mutation fuzzing of the parsers that read what a user or a file hands promsd (issue 17): the
 * prometheus.yml loader, the file SD reader (JSON and YAML, from bytes) and the relabel rule parser
 * with its engine. The property: any input gives a result or a {@link ConfigException} (a located
 * error) within a bounded time, never another exception. Seeds are the files under {@code
 * testdata/fuzz/<target>/} (every input that once failed is kept in {@code found/} there); each is
 * mutated with a seeded generator (byte flips, YAML/JSON/regex tokens, cuts, copies), so a failure
 * names the seed that replays it.
 *
 * <p>CI runs {@value #DEFAULT_ROUNDS} mutations per seed file. A longer run: {@code mvn -pl cli -am
 * verify -Dtest=FuzzRegressionTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpromsd.fuzz.rounds=20000 -Dpromsd.fuzz.seed=7}. The coverage-guided targets (Jazzer) live in
 * the modules that own each parser; see testdata/fuzz/README.md.
 */
class FuzzRegressionTest {
  private static final int DEFAULT_ROUNDS = 150;
  private static final Duration PER_INPUT = Duration.ofSeconds(20);

  private static final String[] TOKENS = {
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "<<: ",
    "!!int ",
    "!!str ",
    "? ",
    "- ",
    ": ",
    "\n",
    "\n  ",
    "\t",
    "'",
    "\"",
    "\\",
    "\\u00",
    "#",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%TAG ",
    "(",
    ")",
    "{1000}",
    "{2,}",
    "(?P<x>",
    "(?i)",
    "\\p{L}",
    "$1",
    "${2}",
    "__address__",
    "regex: ",
    "action: ",
    "job_name: ",
    "targets: ",
    "1e400",
    "-0",
    "0x1F",
    "null",
    "~",
    "\u00e9",
    "\uD834\uDD1E"
  };
  private static final byte[][] BYTES = {
    {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {0}, {1}
  };

  static int rounds() {
    return Integer.getInteger("promsd.fuzz.rounds", DEFAULT_ROUNDS);
  }

  static long baseSeed() {
    return Long.getLong("promsd.fuzz.seed", 1L);
  }

  static Path corpus(String target) {
    return E2eConformanceTest.testdata().resolve("fuzz").resolve(target);
  }

  static List<Path> seeds(String target) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(corpus(target))) {
      s.filter(Files::isRegularFile).sorted().forEach(out::add);
    }
    return out;
  }

  /** One mutation of {@code in}: a few edits chosen by {@code rnd}. */
  static byte[] mutate(byte[] in, SplittableRandom rnd) {
    byte[] b = in;
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
      switch (rnd.nextInt(7)) {
        case 0 -> { // flip a byte
          if (b.length > 0) {
            b = b.clone();
            b[Math.min(at, b.length - 1)] ^= (byte) (1 << rnd.nextInt(8));
          }
        }
        case 1, 2 ->
            b = insert(b, at, TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        case 3 -> b = insert(b, at, BYTES[rnd.nextInt(BYTES.length)]);
        case 4 -> { // cut a range
          int len = Math.min(b.length - Math.min(at, b.length), rnd.nextInt(16));
          byte[] c = new byte[b.length - len];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + len, c, at, b.length - at - len);
          b = c;
        }
        case 5 -> { // copy a range elsewhere
          if (b.length > 0) {
            int from = rnd.nextInt(b.length);
            int len = Math.min(b.length - from, 1 + rnd.nextInt(32));
            b = insert(b, at, Arrays.copyOfRange(b, from, from + len));
          }
        }
        default -> { // nest: a token repeated
          String t = rnd.nextBoolean() ? "[" : "{a: ";
          b = insert(b, at, t.repeat(1 + rnd.nextInt(50)).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] c = new byte[b.length + what.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(what, 0, c, at, what.length);
    System.arraycopy(b, at, c, at + what.length, b.length - at);
    return c;
  }

  private Stream<DynamicTest> fuzz(String target, Consumer<byte[]> property) throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path seed : seeds(target)) {
      byte[] original = Files.readAllBytes(seed);
      String name = corpus(target).relativize(seed).toString();
      tests.add(
          DynamicTest.dynamicTest(
              target + "/" + name,
              () -> {
                check(property, original, name + " as is");
                long base = baseSeed() * 1_000_003L + name.hashCode();
                for (int r = 0; r < rounds(); r++) {
                  byte[] input = mutate(original, new SplittableRandom(base + r));
                  check(property, input, name + " seed=" + (base + r));
                }
              }));
    }
    assertThat(tests).as("seed files for " + target).isNotEmpty();
    return tests.stream();
  }

  private static void check(Consumer<byte[]> property, byte[] input, String what) {
    try {
      assertTimeoutPreemptively(PER_INPUT, () -> property.accept(input), what);
    } catch (ConfigException expected) {
      // a located error is a fine answer
    } catch (RuntimeException | Error e) {
      throw new AssertionError(
          what + ": " + e + "\ninput: " + new String(input, StandardCharsets.UTF_8), e);
    }
  }

  @org.junit.jupiter.api.io.TempDir Path empty; // relative paths in a config read nothing real

  @TestFactory
  Stream<DynamicTest> prometheusYml() throws IOException {
    Path wd = empty;
    return fuzz(
        "prometheus-yml",
        b -> {
          for (Compat c : Compat.values()) {
            try {
              ConfigLoader.parse(
                  Documents.yamlText(b, "prometheus.yml"), Path.of("prometheus.yml"), c, wd);
            } catch (ConfigException e) {
              assertThat(e.reason()).isNotBlank();
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> fileSd() throws IOException {
    return fuzz(
        "file-sd",
        b -> {
          for (String path : List.of("t.json", "t.yml")) {
            try {
              String text =
                  path.endsWith(".json") ? Documents.jsonText(b) : Documents.yamlText(b, path);
              GroupFiles.parse(text, path, Compat.PROMETHEUS_3);
            } catch (ConfigException e) {
              assertThat(e.reason()).isNotBlank();
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> relabel() throws IOException {
    Labels input = Labels.of("__address__", "h:1", "a", "x", "b", "y", "tmp_q", "z");
    return fuzz(
        "relabel",
        b -> {
          for (Compat c : Compat.values()) {
            try {
              List<RelabelConfig> rules =
                  RelabelConfig.parseYaml(Documents.yamlText(b, "rules.yml"), "rules.yml", c);
              Relabeler.compile(rules, c).process(input);
            } catch (ConfigException e) {
              assertThat(e.reason()).isNotBlank();
            }
          }
        });
  }
}
