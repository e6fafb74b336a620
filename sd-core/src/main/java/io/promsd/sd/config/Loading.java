package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.spi.PromDuration;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One load of a prometheus.yml (or of one of its {@code scrape_config_files}): the decoder, the
 * config directory and the compat mode that every section reads with, the top-level assembly
 * ({@code Config.UnmarshalYAML}: the sections in document order, then the checks that need them
 * all), and the scalar types the sections share. The sections have their own files: {@link
 * GlobalSection}, {@link ScrapeSection}, {@link OtherSections}; {@link ByteSizes} parses byte
 * sizes. Not thread-safe: one per load.
 */
final class Loading {
  private static final Set<String> TOP_2 =
      Set.of(
          "global",
          "alerting",
          "rule_files",
          "scrape_configs",
          "storage",
          "tracing",
          "remote_write",
          "remote_read");
  private static final Set<String> TOP_3_EXTRA = Set.of("runtime", "scrape_config_files", "otlp");

  final Decoder d;
  final Path dir;
  final Compat compat;
  final Path workingDir;
  // 3.x global settings checked per job (ScrapeConfig.Validate), kept out of GlobalConfig.
  List<String> globalProtocols;
  String globalEscaping = "";

  final GlobalSection globalSection;
  final ScrapeSection scrape;
  final OtherSections other;
  final ServerSections server;

  Loading(Decoder d, Path dir, Compat compat, Path workingDir) {
    this.d = d;
    this.dir = dir;
    this.compat = compat;
    this.workingDir = workingDir;
    this.globalSection = new GlobalSection(this);
    this.scrape = new ScrapeSection(this);
    this.other = new OtherSections(this);
    this.server = new ServerSections(this);
  }

  PrometheusConfig config(Node root, Path file) {
    Fields top = d.struct(root, "config.plain");
    GlobalConfig global = GlobalConfig.DEFAULT;
    List<ScrapeSection.RawJob> jobs = new ArrayList<>();
    List<String> ruleFiles = List.of();
    List<String> scrapeConfigFiles = List.of();
    List<OtherSections.Remote> remoteWrites = List.of();
    List<OtherSections.Remote> remoteReads = List.of();
    Set<String> allowed = compat == Compat.PROMETHEUS_2 ? TOP_2 : union(TOP_2, TOP_3_EXTRA);
    for (String key : top.remaining()) {
      if (!allowed.contains(key)) {
        continue; // reported by finish()
      }
      Node v = top.take(key);
      switch (key) {
        case "global" -> global = globalSection.global(v);
        case "scrape_configs" -> jobs = scrape.scrapeConfigs(v);
        case "rule_files" -> ruleFiles = orEmpty(d.stringList(v, "[]string", "string"));
        case "scrape_config_files" ->
            scrapeConfigFiles = orEmpty(d.stringList(v, "[]string", "string"));
        case "alerting" -> other.alerting(v);
        case "remote_write" -> remoteWrites = other.remotes(v, true);
        case "remote_read" -> remoteReads = other.remotes(v, false);
        case "tracing" -> other.tracing(v);
        case "storage" -> server.storage(v);
        case "runtime" -> server.runtime(v);
        case "otlp" -> server.otlp(v);
        default -> throw new IllegalStateException(key);
      }
    }
    top.finish();
    d.finish();

    for (String rf : ruleFiles) {
      if (!rulePathOk(rf)) {
        throw new ConfigException(
            "invalid rule file path " + GoText.quote(rf), d.file(), root.line());
      }
    }
    for (String sf : scrapeConfigFiles) {
      if (!rulePathOk(sf)) {
        throw new ConfigException(
            "invalid scrape config file path " + GoText.quote(sf), d.file(), root.line());
      }
    }
    List<ScrapeConfig> out = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (ScrapeSection.RawJob job : jobs) {
      if (job == null) {
        throw new ConfigException("empty or null scrape config section", d.file(), 0);
      }
      ScrapeConfig sc = scrape.finishJob(job, global);
      if (seen.containsKey(sc.jobName())) {
        throw located(
            "found multiple scrape configs with job name " + GoText.quote(sc.jobName()), job, null);
      }
      seen.put(sc.jobName(), "main config file");
      out.add(sc);
    }
    other.uniqueRemoteNames(remoteWrites, "remote write");
    other.uniqueRemoteNames(remoteReads, "remote read");
    server.checkTranslationStrategy(global);
    if (!scrapeConfigFiles.isEmpty()) {
      out.addAll(
          ScrapeConfigFiles.load(scrapeConfigFiles, dir, workingDir, global, seen, this::reuse));
    }
    return new PrometheusConfig(file, compat, global, out, ruleFiles, other.alertmanagerSd());
  }

  /** Loads a scrape_config_files file with the same machinery but its own directory. */
  List<ScrapeConfig> reuse(
      Node root, String file, Path fileDir, GlobalConfig global, Map<String, String> seen) {
    Decoder fd = new Decoder(file);
    Loading l = new Loading(fd, fileDir, compat, workingDir);
    Fields f = fd.struct(root, "config.ScrapeConfigs");
    List<ScrapeSection.RawJob> jobs = List.of();
    for (String key : f.remaining()) {
      if (key.equals("scrape_configs")) {
        jobs = l.scrape.scrapeConfigs(f.take(key));
      }
    }
    f.finish();
    fd.finish();
    List<ScrapeConfig> out = new ArrayList<>();
    for (ScrapeSection.RawJob job : jobs) {
      if (job == null) {
        throw new ConfigException("empty or null scrape config section", file, 0);
      }
      ScrapeConfig sc = l.scrape.finishJob(job, global);
      String first = seen.get(sc.jobName());
      if (first != null) {
        throw new ConfigException(
            "found multiple scrape configs with job name "
                + GoText.quote(sc.jobName())
                + ", first found in "
                + first,
            file,
            job.line);
      }
      seen.put(sc.jobName(), GoText.quote(ScrapeConfigFiles.absolute(workingDir, file)));
      out.add(sc);
    }
    return out;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return s;
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** Prometheus's {@code patRulePath}: a {@code *} only in the last path segment. */
  private static boolean rulePathOk(String p) {
    int star = p.indexOf('*');
    return star < 0 || p.indexOf('/', star) < 0;
  }

  Duration duration(Node v) {
    return PromDuration.decode(d, v, compat, Duration.ZERO);
  }

  long uint(Node v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    long before = d.typeErrorCount();
    long x = d.uint64(v, "uint"); // Go's uint (64 bits on the platforms Prometheus ships for)
    if (d.typeErrorCount() > before) {
      return 0;
    }
    return x;
  }

  /** A float64 as yaml.v2 decodes one: ints and floats; anything else is a type error. */
  double float64(Node n) {
    if (n == null || n.isNull()) {
      return 0;
    }
    if (n.kind() == Node.Kind.SCALAR) {
      String plain = n.text().replace("_", "");
      try {
        if (n.tag().equals("!!int")) {
          BigInteger v = io.promsd.relabel.internal.config.Documents.parseGoInt(plain);
          if (v != null) {
            return v.doubleValue();
          }
        } else if (n.tag().equals("!!float")) {
          return switch (plain) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> Double.parseDouble(plain);
          };
        }
      } catch (NumberFormatException e) {
        // a type error below
      }
    }
    d.typeError(n, "float64");
    return 0;
  }

  NameValidation validationScheme(Node v) {
    String s = d.string(v);
    if (s.isEmpty()) {
      return null;
    }
    return switch (s) {
      case "legacy" -> NameValidation.LEGACY;
      case "utf8" -> NameValidation.UTF8;
      default -> throw d.error(v, "unrecognized ValidationScheme: " + GoText.quote(s));
    };
  }

  /**
   * {@code body_size_limit}: alecthomas/units {@code Base2Bytes}, whose text unmarshaling runs
   * ParseUnit with the {@code KiB} units and then with the {@code KB} ones (both base 2), and
   * reports the second attempt's error. A plain number has no unit and is rejected (only {@code 0}
   * is special); a YAML null leaves the default.
   */
  void byteSize(Node v) {
    if (v == null || v.isNull()) {
      return;
    }
    String s = d.string(v);
    if (v.kind() != Node.Kind.SCALAR) {
      return; // a type error, already recorded
    }
    if (ByteSizes.error(s, ByteSizes.BASE2_UNITS) == null) {
      return;
    }
    String err = ByteSizes.error(s, ByteSizes.OLD_BASE2_UNITS);
    if (err != null) {
      throw d.error(v, err);
    }
  }

  /**
   * A byte size ({@link #byteSize}'s rules) and its value in bytes; null when absent, null or not a
   * scalar.
   */
  Long byteSizeValue(Node v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String s = d.string(v);
    if (v.kind() != Node.Kind.SCALAR) {
      return null;
    }
    byteSize(v);
    Set<String> units =
        ByteSizes.error(s, ByteSizes.BASE2_UNITS) == null
            ? ByteSizes.BASE2_UNITS
            : ByteSizes.OLD_BASE2_UNITS;
    return ByteSizes.value(s, units);
  }

  ConfigException located(String message, ScrapeSection.RawJob j, Integer line) {
    int l = line != null ? line : j.line;
    return new ConfigException(
        message, d.file(), l, j.jobName.isEmpty() ? null : j.jobName, -1, null);
  }

  static ConfigException withJob(ConfigException e, ScrapeSection.RawJob j) {
    return j.jobName.isEmpty() ? e : e.withJob(j.jobName);
  }
}
