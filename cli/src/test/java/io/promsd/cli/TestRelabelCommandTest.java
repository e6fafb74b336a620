package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code promsd test relabel}: the command line over relabel-junit's runner and reports. */
class TestRelabelCommandTest {
  @TempDir Path dir;

  static Path examples() {
    return TestData.resolve("examples", "relabel-tests");
  }

  record Out(int code, String out, String err) {}

  static Out promsd(Object... args) {
    String[] a = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      a[i] = args[i].toString();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(a, new PrintWriter(out), new PrintWriter(err));
    return new Out(code, out.toString(), err.toString());
  }

  @Test
  void aPassingSuiteIsExit0() {
    Path f = examples().resolve("sharded.test.yml");
    Out r = promsd("test", "relabel", f);
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            PASS %1$s: 10.0.1.2:9100 is in shard 2
            PASS %1$s: 10.0.1.3:9100 is in shard 2
            PASS %1$s: 10.0.1.12:9100 is in shard 2
            PASS %1$s: node-a.example.com:9100 is in shard 2
            PASS %1$s: 10.0.1.1:9100 is in shard 1
            PASS %1$s: 10.0.1.6:9100 is in shard 0
            PASS %1$s: 10.0.1.4:9100 is in shard 3
            PASS %1$s: the port is part of the hash, 10.0.1.2:9101 is in shard 3
            PASS %1$s: node-d.example.com:9100 is in shard 1
            9 passed, 0 failed
            """
                .formatted(f));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void everyExampleSuitePasses() throws Exception {
    try (var files = Files.list(examples())) {
      Object[] args =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of("test", "relabel"),
                  files.filter(p -> p.toString().endsWith(".test.yml")).sorted())
              .toArray();
      Out r = promsd(args);
      assertThat(r.code()).isZero();
      assertThat(r.out()).endsWith("\n31 passed, 0 failed\n");
    }
  }

  @Test
  void aFailureIsExit1WithDiffAndTrace() {
    Path f = examples().resolve("failing/node-mistakes.test.yml");
    Out r = promsd("test", "relabel", "--run", "^(development|host)", f);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(
            """
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
            0 passed, 2 failed
            """
                .formatted(f));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void anInvalidFileIsExit2() throws Exception {
    Path bad = dir.resolve("bad.test.yml");
    Files.writeString(bad, "relabel_configs:\n  - {action: keep, regex: '('}\ntests: []\n");
    Out r = promsd("test", "relabel", bad, examples().resolve("blackbox.test.yml"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .startsWith(
            "ERROR "
                + bad
                + ":2: relabel rule 0: error parsing regexp: missing closing ): `^(?s:()$`\n")
        .endsWith("\n6 passed, 0 failed, 1 invalid file\n");
  }

  @Test
  void junitReport() throws Exception {
    Path xml = dir.resolve("relabel.xml");
    Out r =
        promsd(
            "test",
            "relabel",
            "--junit",
            xml,
            "--color=never",
            examples().resolve("failing/node-mistakes.test.yml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(Files.readString(xml))
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .contains(
            "<testsuites name=\"promsd test relabel\" tests=\"5\" failures=\"4\" errors=\"0\"");
  }

  @Test
  void colourOnlyWhenAsked() {
    Path f = examples().resolve("blackbox.test.yml");
    assertThat(promsd("test", "relabel", "--color", "always", f).out())
        .startsWith("\u001b[32mPASS\u001b[0m ");
    assertThat(promsd("test", "relabel", f).out()).doesNotContain("\u001b"); // not a terminal
    Out bad = promsd("test", "relabel", "--color", "sometimes", f);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--color must be auto, always or never, got sometimes");
  }

  @Test
  void usageErrorsAreExit2() {
    Out none = promsd("test", "relabel");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .startsWith("Missing required parameter: 'FILE'\nUsage: promsd test relabel");
    Out regex = promsd("test", "relabel", "--run", "(", examples().resolve("blackbox.test.yml"));
    assertThat(regex.code()).isEqualTo(2);
    assertThat(regex.out()).isEmpty();
    assertThat(regex.err())
        .isEqualTo("invalid --run regex: error parsing regexp: missing closing ): `(`\n");
  }

  @Test
  void help() {
    Out r = promsd("test", "relabel", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("Usage: promsd test relabel [-hV] [--color=WHEN] [--junit=FILE] [--run=REGEX]")
        .contains("Exit status: 0 all tests passed, 1 a test failed, 2 a file is invalid.");
  }
}
