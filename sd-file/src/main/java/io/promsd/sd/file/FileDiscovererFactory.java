package io.promsd.sd.file;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code file_sd_configs} entries as Prometheus's {@code SDConfig.UnmarshalYAML} does
 * ({@code discovery/file/file.go}).
 */
public final class FileDiscovererFactory implements DiscovererFactory {
  /** Creates the factory (for {@link java.util.ServiceLoader}). */
  public FileDiscovererFactory() {}

  @Override
  public String configKey() {
    return "file_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), "file.plain");
    List<String> files = null;
    Duration refresh = FileSdConfig.DEFAULT_REFRESH_INTERVAL;
    for (String key : f.remaining()) {
      switch (key) {
        case "files" -> files = d.stringList(f.take(key), "[]string", "string");
        case "refresh_interval" -> refresh = duration(f.take(key), d, source.compat());
        default -> {
          // unknown: finish() reports it
        }
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return null;
    }
    Node at = source.node();
    if (files == null || files.isEmpty()) {
      throw d.error(at, "file service discovery config must contain at least one path name");
    }
    for (String name : files) {
      if (!validPattern(name)) {
        throw d.error(at, "path name " + GoText.quote(name) + " is not valid for file discovery");
      }
    }
    List<String> joined = new ArrayList<>(files.size());
    for (String name : files) {
      joined.add(GoPath.joinDir(source.configDir(), name));
    }
    return new FileSdConfig(joined, refresh, source.compat(), source.workingDir());
  }

  private static Duration duration(Node v, Decoder d, Compat compat) {
    return PromDuration.decode(d, v, compat, FileSdConfig.DEFAULT_REFRESH_INTERVAL);
  }

  /**
   * Prometheus's {@code patFileSDName}: ends in .json, .yml or .yaml (all lower or all upper case),
   * with any {@code *} only in the last path element.
   */
  static boolean validPattern(String name) {
    String ext = null;
    for (String e : new String[] {".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"}) {
      if (name.endsWith(e)) {
        ext = e;
      }
    }
    if (ext == null) {
      return false;
    }
    int star = name.indexOf('*');
    if (star < 0) {
      return true;
    }
    // "^[^*]*(\*[^/]*)?\.ext$": after the first star, no slash up to the extension.
    return name.indexOf('/', star) < 0;
  }
}
