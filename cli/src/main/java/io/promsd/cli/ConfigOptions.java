package io.promsd.cli;

import io.promsd.relabel.Compat;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command reads a prometheus.yml: {@code --compat} and the hidden {@code
 * --working-directory}, mixed into {@code targets}, {@code check config} and {@code check
 * service-discovery}.
 */
final class ConfigOptions {
  @Option(
      names = "--compat",
      converter = CompatOption.class,
      defaultValue = "3",
      description = "Prometheus version to behave like: 2 (2.42) or 3 (default).")
  Compat compat;

  @Option(
      names = "--working-directory",
      hidden = true,
      description = "Resolve relative paths from this directory (for tests).")
  Path workingDir = Path.of("");

  /** Loads {@code file} as these options say. */
  PrometheusConfig load(Path file) throws IOException {
    return ConfigLoader.load(file, compat, workingDir);
  }
}
