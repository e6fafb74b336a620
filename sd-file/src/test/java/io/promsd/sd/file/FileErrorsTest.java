package io.promsd.sd.file;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsd.relabel.Compat;
import io.promsd.sd.file.internal.GroupFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File errors in Go's words (issue 17, items 7 and 10): the texts are those promtool 2.42 printed
 * for the same files, recorded in {@code testdata/e2e/promtool-2.42/reliability.yaml} ({@code
 * file/*}); a FIFO, which would block Prometheus, is skipped with a message.
 */
class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void danglingLinkIsNoSuchFile() throws IOException {
    Files.createSymbolicLink(dir.resolve("d.json"), Path.of("nothere.json"));
    assertThatThrownBy(() -> GroupFiles.read("d.json", dir, Compat.PROMETHEUS_2))
        .isInstanceOf(IOException.class)
        .hasMessage("open d.json: no such file or directory");
  }

  @Test
  void linkLoopIsTooManyLevels() throws IOException {
    Files.createSymbolicLink(dir.resolve("l1.json"), Path.of("l2.json"));
    Files.createSymbolicLink(dir.resolve("l2.json"), Path.of("l1.json"));
    assertThatThrownBy(() -> GroupFiles.read("l1.json", dir, Compat.PROMETHEUS_2))
        .isInstanceOf(IOException.class)
        .hasMessage("open l1.json: too many levels of symbolic links");
  }

  @Test
  void directoryIsReadError() throws IOException {
    Files.createDirectory(dir.resolve("d.json"));
    assertThatThrownBy(() -> GroupFiles.read("d.json", dir, Compat.PROMETHEUS_2))
        .isInstanceOf(IOException.class)
        .hasMessage("read d.json: is a directory");
  }

  @Test
  void fifoIsSkippedNotRead() throws Exception {
    Process p =
        new ProcessBuilder("mkfifo", dir.resolve("f.json").toString())
            .redirectErrorStream(true)
            .start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo available");
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> GroupFiles.read("f.json", dir, Compat.PROMETHEUS_2))
                .isInstanceOf(IOException.class)
                .hasMessage("open f.json: not a regular file (a FIFO or device), skipped"));
  }
}
