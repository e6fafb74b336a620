package io.promsd.sd.file;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One {@code file_sd_configs} entry (Prometheus's {@code discovery/file} {@code SDConfig}).
 *
 * @param files the file patterns, already joined with the config file's directory; a {@code *} may
 *     appear in the last path element
 * @param refreshInterval how often every file is re-read regardless of change events (5m)
 * @param compat how group files are read (label name rules)
 * @param workingDir where relative paths are read from (names stay as written)
 */
public record FileSdConfig(
    List<String> files, Duration refreshInterval, Compat compat, Path workingDir)
    implements SdConfig {

  /** Prometheus's default refresh interval. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  /** Copies the list. */
  public FileSdConfig {
    files = List.copyOf(files);
  }

  @Override
  public String mechanism() {
    return "file";
  }

  @Override
  public Discoverer newDiscoverer() {
    return new FileDiscoverer(this);
  }
}
