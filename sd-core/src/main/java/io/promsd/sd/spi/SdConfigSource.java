package io.promsd.sd.spi;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.Node;
import java.nio.file.Path;

/**
 * The input of {@link DiscovererFactory#parse}: one entry of an SD config list, already parsed,
 * with what is needed to read it the way Prometheus does.
 *
 * @param node the entry (a mapping; never null: null entries are rejected before)
 * @param decoder collects Go-style type errors for the whole document
 * @param configDir the directory of the config file, to resolve relative paths against
 * @param compat which Prometheus to follow
 * @param workingDir the directory relative paths are read from (the process's working directory
 *     unless the loader was told otherwise); paths keep their names, only I/O resolves them here
 */
public record SdConfigSource(
    Node node, Decoder decoder, Path configDir, Compat compat, Path workingDir) {

  /** A source read relative to the process's working directory. */
  public SdConfigSource(Node node, Decoder decoder, Path configDir, Compat compat) {
    this(node, decoder, configDir, compat, Path.of(""));
  }

  /**
   * A path from the config, as Prometheus's {@code SetDirectory} leaves it (prometheus/common's
   * {@code JoinDir}): relative to the config file's directory, cleaned; empty and absolute paths as
   * they are. Read the file from {@code workingDir().resolve(...)}.
   */
  public String resolvePath(String path) {
    return GoPath.joinDir(configDir, path);
  }
}
