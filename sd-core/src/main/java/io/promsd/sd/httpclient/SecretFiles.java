package io.promsd.sd.httpclient;

import io.promsd.relabel.internal.config.GoText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads credentials from files the way prometheus/common's {@code FileSecret} does: the whole file,
 * trimmed of Go's white space, read afresh on every call so that rotated credentials take effect
 * without a reload.
 */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * The file's content trimmed as Go's {@code strings.TrimSpace} trims.
   *
   * @throws IOException with Go's wording of the failure, e.g. {@code open /x: no such file or
   *     directory}
   */
  static String readTrimmed(String file) throws IOException {
    return GoText.trimSpace(new String(readBytes(file), StandardCharsets.UTF_8));
  }

  /** The file's bytes; failures worded as Go's {@code os.ReadFile} words them. */
  static byte[] readBytes(String file) throws IOException {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new IOException("open " + file + ": no such file or directory", e);
    } catch (AccessDeniedException e) {
      throw new IOException("open " + file + ": permission denied", e);
    } catch (IOException e) {
      if (Files.isDirectory(Path.of(file))) {
        throw new IOException("read " + file + ": is a directory", e);
      }
      throw new IOException("open " + file + ": " + e.getMessage(), e);
    }
  }
}
