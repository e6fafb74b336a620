package io.promsd.sd.file.internal;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.internal.config.TargetGroups;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one file SD file as Prometheus's {@code readFile} does: JSON or YAML by extension (any
 * case), groups with sources {@code <path>:<index>} and the group label {@code __meta_filepath} set
 * to the path (overwriting one written in the file).
 */
public final class GroupFiles {
  private GroupFiles() {}

  /**
   * The groups in {@code path} (the path as the glob produced it).
   *
   * @throws IOException if the file cannot be read
   * @throws ConfigException if it does not parse, with Go's message
   */
  public static List<TargetGroup> read(String path, Compat compat) throws IOException {
    return read(path, Path.of(""), compat);
  }

  /** As {@link #read(String, Compat)}, a relative {@code path} read from {@code workingDir}. */
  public static List<TargetGroup> read(String path, Path workingDir, Compat compat)
      throws IOException {
    Path p = workingDir.resolve(path);
    if (Files.isDirectory(p)) {
      throw new IOException("read " + path + ": is a directory");
    }
    String text = text(bytes(p, path), path);
    return parse(text, path, compat);
  }

  /**
   * The groups of a file as promtool's {@code check config} reads them ({@code checkSDFile}): no
   * source and no {@code __meta_filepath} label.
   */
  public static List<TargetGroup> readUnlabeled(String path, Path workingDir, Compat compat)
      throws IOException {
    Path p = workingDir.resolve(path);
    if (Files.isDirectory(p)) {
      throw new IOException("read " + path + ": is a directory");
    }
    String text = text(bytes(p, path), path);
    List<TargetGroup> out = new ArrayList<>();
    for (TargetGroup g : decode(text, path, compat)) {
      out.add(new TargetGroup("", g.labels(), g.targets()));
    }
    return out;
  }

  /** Parses file content; {@code path} decides the format and names the groups. */
  public static List<TargetGroup> parse(String text, String path, Compat compat) {
    List<TargetGroup> groups = decode(text, path, compat);
    List<TargetGroup> out = new ArrayList<>(groups.size());
    for (TargetGroup g : groups) {
      Labels labels = g.labels().toBuilder().set("__meta_filepath", path).build();
      out.add(new TargetGroup(g.source(), labels, g.targets()));
    }
    return out;
  }

  /** The file's bytes; a failure in Go's words ({@code open t.json: permission denied}). */
  private static byte[] bytes(Path p, String path) throws IOException {
    if (Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p)) {
      // A FIFO or a device: reading it could block discovery forever (Prometheus blocks).
      throw new IOException("open " + path + ": not a regular file (a FIFO or device), skipped");
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      // Java opens and reads in one call; a directory fails on read, everything else on open.
      throw GoPath.osError(Files.isDirectory(p) ? "read" : "open", path, e);
    }
  }

  /**
   * A file's bytes as Go reads them: JSON with each invalid UTF-8 byte as U+FFFD, YAML strictly
   * (yaml.v2's reader error otherwise); other extensions are refused later, by {@link #decode}.
   */
  private static String text(byte[] bytes, String path) {
    return switch (extension(path)) {
      case ".yml", ".yaml" -> Documents.yamlText(bytes, path);
      default -> Documents.jsonText(bytes);
    };
  }

  private static List<TargetGroup> decode(String text, String path, Compat compat) {
    String ext = extension(path);
    List<TargetGroup> groups;
    switch (ext) {
      case ".json" -> {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
          throw new ConfigException(
              "invalid character 'ï' looking for beginning of value", path, 1);
        }
        Node root = Documents.parseJson(text, path);
        groups = TargetGroups.decodeJsonFile(root, path, compat, path);
      }
      case ".yml", ".yaml" -> {
        Node root = Documents.parseYaml(text, path);
        groups = TargetGroups.decodeYamlFile(root, path, compat, path);
      }
      default ->
          throw new ConfigException(
              "retrieval.FileDiscovery.readFile: unhandled file extension " + GoText.quote(ext),
              path,
              0);
    }
    return groups;
  }

  /** Go's {@code filepath.Ext}, lower-cased. */
  static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash) {
      return "";
    }
    return path.substring(dot).toLowerCase(Locale.ROOT);
  }
}
