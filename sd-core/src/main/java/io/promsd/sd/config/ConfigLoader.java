package io.promsd.sd.config;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.DiscovererFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Loads prometheus.yml strictly, the way Prometheus does ({@code config/config.go}): Go-yaml strict
 * decoding with Go's error texts, the global defaults pushed into every job, the same validations
 * in the same order, per {@link Compat}. SD config keys are dispatched to the {@link
 * DiscovererFactory} registered for them ({@link ServiceLoader}).
 *
 * <p>Sections that do not shape targets ({@code alerting}, {@code remote_write}, {@code
 * remote_read}, {@code tracing}) are decoded only to reject what Prometheus rejects there (unknown
 * keys at their first level, null entries and rules, missing URLs, reserved headers, duplicate
 * names, invalid relabel rules); their nested blocks, {@code storage}, {@code runtime} and {@code
 * otlp} are accepted without looking inside, so real-world files load. Thread-safe.
 *
 * <p>The work is done per section: {@link Loading} (the top level), {@link GlobalSection}, {@link
 * ScrapeSection}, {@link OtherSections}; {@link Mechanisms} says which SD keys exist.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads and validates a prometheus.yml.
   *
   * @throws IOException if the file cannot be read
   * @throws PrometheusConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig load(Path file, Compat compat) throws IOException {
    return load(file, compat, Path.of(""));
  }

  /**
   * Loads a prometheus.yml as if the process ran in {@code workingDir}: relative paths (the
   * config's own, file SD files, {@code scrape_config_files}) keep the names Prometheus would give
   * them but are read from there.
   *
   * @throws IOException if the file cannot be read
   * @throws PrometheusConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig load(Path file, Compat compat, Path workingDir)
      throws IOException {
    requireNonNull(file, "file");
    requireNonNull(compat, "compat");
    requireNonNull(workingDir, "workingDir");
    byte[] bytes = Files.readAllBytes(workingDir.resolve(file));
    String text;
    try {
      text = Documents.yamlText(bytes, file.toString());
    } catch (ConfigException e) {
      throw PrometheusConfigException.of(e);
    }
    return parse(text, file, compat, workingDir);
  }

  /**
   * Parses prometheus.yml text; relative paths in it resolve against {@code file}'s directory (the
   * working directory when {@code file} is null).
   *
   * @throws PrometheusConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig parse(String yaml, Path file, Compat compat) {
    return parse(yaml, file, compat, Path.of(""));
  }

  /** As {@link #parse(String, Path, Compat)}, reading relative paths from {@code workingDir}. */
  public static PrometheusConfig parse(String yaml, Path file, Compat compat, Path workingDir) {
    requireNonNull(yaml, "yaml");
    requireNonNull(compat, "compat");
    requireNonNull(workingDir, "workingDir");
    String name = file == null ? null : file.toString();
    Path dir = file == null ? Path.of("") : GoPath.dir(file);
    try {
      Node root = Documents.parseYaml(yaml, name);
      Decoder d = new Decoder(name);
      return new Loading(d, dir, compat, workingDir).config(root, file);
    } catch (ConfigException e) {
      throw PrometheusConfigException.of(e);
    }
  }
}
