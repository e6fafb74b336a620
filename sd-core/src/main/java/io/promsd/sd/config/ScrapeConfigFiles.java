package io.promsd.sd.config;

import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code scrape_config_files} (Prometheus 3.x, {@code Config.GetScrapeConfigs}): each glob,
 * relative to the main config's directory, names files holding more {@code scrape_configs}; a job
 * name may appear only once across all files. Errors name the file by its absolute path, as
 * Prometheus does.
 */
final class ScrapeConfigFiles {
  private ScrapeConfigFiles() {}

  /** Parses one file's scrape configs; supplied by {@link ConfigLoader}. */
  interface FileLoader {
    List<ScrapeConfig> load(
        Node root, String file, Path fileDir, GlobalConfig global, Map<String, String> seen);
  }

  static List<ScrapeConfig> load(
      List<String> patterns,
      Path configDir,
      Path workingDir,
      GlobalConfig global,
      Map<String, String> seen,
      FileLoader loader) {
    List<ScrapeConfig> out = new ArrayList<>();
    for (String pattern : patterns) {
      String joined = GoPath.joinDir(configDir, pattern);
      List<String> files;
      try {
        files = GoPath.glob(joined, workingDir);
      } catch (GoPath.BadPatternException e) {
        throw new ConfigException(
            "error retrieving scrape config files for "
                + GoText.quote(joined)
                + ": syntax error in pattern",
            null,
            0);
      } catch (IOException e) {
        files = List.of();
      }
      for (String f : files) {
        String abs = absolute(workingDir, f);
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(workingDir.resolve(f));
        } catch (IOException e) {
          throw new ConfigException(GoText.quote(abs) + ": " + e.getMessage(), f, 0);
        }
        try {
          Node root = Documents.parseYaml(Documents.yamlText(bytes, f), f);
          out.addAll(loader.load(root, f, GoPath.dir(Path.of(f)), global, seen));
        } catch (ConfigException e) {
          throw new ConfigException(
              GoText.quote(abs) + ": " + e.reason(), f, e.line(), e.job(), e.ruleIndex(), e);
        }
      }
    }
    return out;
  }

  /** Go's {@code filepath.Abs}, relative to {@code workingDir} instead of the process's. */
  static String absolute(Path workingDir, String f) {
    return workingDir.resolve(f).toAbsolutePath().normalize().toString();
  }
}
