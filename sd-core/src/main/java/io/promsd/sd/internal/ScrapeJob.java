package io.promsd.sd.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelResult;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.ScrapeSettings;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scrape config ready to turn discovered groups into targets: Prometheus's target population
 * ({@code scrape/target.go}, {@code PopulateLabels}) with the job's relabel rules compiled once.
 * Follows 2.42 or 3.x per {@link Compat}: default ports, parameter precedence, the histogram
 * control labels. Immutable and thread-safe.
 */
public final class ScrapeJob {
  private static final String META = "__meta_";

  private final ScrapeConfig config;
  private final Compat compat;
  private final Relabeler relabeler;
  private final ScrapeSettings settings;
  private final String[] defaultNames;
  private final String[] defaultValues;
  private final String[] paramNames;
  private final String[] paramValues;
  // The job's own interval and timeout, parsed once: nearly every target keeps them.
  private final String intervalText;
  private final Duration interval;
  private final String timeoutText;
  private final Duration timeout;

  private ScrapeJob(ScrapeConfig config, Compat compat) {
    this.config = config;
    this.compat = compat;
    NameValidation scheme = config.nameValidation();
    this.relabeler = Relabeler.compile(config.relabelConfigs(), compat, scheme);
    this.settings = ScrapeSettings.of(config, compat);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    names.add("job");
    values.add(config.jobName());
    names.add("__scrape_interval__");
    values.add(PromDuration.format(config.scrapeInterval()));
    names.add("__scrape_timeout__");
    values.add(PromDuration.format(config.scrapeTimeout()));
    names.add("__metrics_path__");
    values.add(config.metricsPath());
    names.add("__scheme__");
    values.add(config.scheme());
    if (compat == Compat.PROMETHEUS_3) {
      names.add("__convert_classic_histograms_to_nhcb__");
      values.add(Boolean.toString(config.convertClassicHistogramsToNhcb()));
      names.add("__always_scrape_classic_histograms__");
      values.add(Boolean.toString(config.alwaysScrapeClassicHistograms()));
      names.add("__scrape_native_histograms__");
      values.add(Boolean.toString(config.scrapeNativeHistograms()));
    }
    this.defaultNames = names.toArray(new String[0]);
    this.defaultValues = values.toArray(new String[0]);
    List<String> pn = new ArrayList<>();
    List<String> pv = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : config.params().entrySet()) {
      if (!e.getValue().isEmpty()) {
        pn.add("__param_" + e.getKey());
        pv.add(e.getValue().get(0));
      }
    }
    this.paramNames = pn.toArray(new String[0]);
    this.paramValues = pv.toArray(new String[0]);
    this.intervalText = PromDuration.format(config.scrapeInterval());
    this.interval = parseOrNull(intervalText, compat);
    this.timeoutText = PromDuration.format(config.scrapeTimeout());
    this.timeout = parseOrNull(timeoutText, compat);
  }

  private static Duration parseOrNull(String text, Compat compat) {
    try {
      return PromDuration.parse(text, compat);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Compiles a job.
   *
   * @throws io.promsd.relabel.RelabelConfigException if a rule is invalid (a loaded config has been
   *     validated already)
   */
  public static ScrapeJob of(ScrapeConfig config, Compat compat) {
    return new ScrapeJob(requireNonNull(config, "config"), requireNonNull(compat, "compat"));
  }

  /** The scrape config. */
  public ScrapeConfig config() {
    return config;
  }

  /** The job name. */
  public String name() {
    return config.jobName();
  }

  /** The compat mode. */
  public Compat compat() {
    return compat;
  }

  /** The compiled relabel rules. */
  public Relabeler relabeler() {
    return relabeler;
  }

  /** The job's scrape settings and compiled metric relabeling. */
  public ScrapeSettings settings() {
    return settings;
  }

  /** Every target of a group, in order. */
  public List<ScrapeTarget> targets(TargetGroup group) {
    List<ScrapeTarget> out = new ArrayList<>(group.targets().size());
    for (int i = 0; i < group.targets().size(); i++) {
      out.add(target(group.targets().get(i), group.labels(), group.source(), i));
    }
    return out;
  }

  /** The labels before relabeling: target over group labels, then the job defaults. */
  public Labels discoveredLabels(Labels target, Labels group) {
    Labels.Builder b = target.toBuilder();
    for (int i = 0; i < group.size(); i++) {
      String n = group.name(i);
      if (!target.has(n)) {
        b.set(n, group.value(i));
      }
    }
    for (int i = 0; i < defaultNames.length; i++) {
      if (b.get(defaultNames[i]).isEmpty()) {
        b.set(defaultNames[i], defaultValues[i]);
      }
    }
    for (int i = 0; i < paramNames.length; i++) {
      // 2.42 lets the config's params win; 3.x keeps a discovered __param_*.
      if (compat == Compat.PROMETHEUS_2 || b.get(paramNames[i]).isEmpty()) {
        b.set(paramNames[i], paramValues[i]);
      }
    }
    return b.build();
  }

  /** One target: population, relabeling and the checks after it. */
  public ScrapeTarget target(Labels target, Labels group, String source, int index) {
    Labels discovered = discoveredLabels(target, group);
    RelabelResult res = relabeler.process(discovered);
    if (res.dropped()) {
      return new ScrapeTarget(discovered, Labels.empty(), source, index, res.droppedBy(), null);
    }
    Labels.Builder b = res.labels().toBuilder();
    String error = finish(b);
    if (error != null) {
      return new ScrapeTarget(discovered, Labels.empty(), source, index, -1, error);
    }
    Labels done = b.build().withoutPrefix(META); // meta labels go after relabeling
    error = checkValues(done);
    if (error != null) {
      return new ScrapeTarget(discovered, Labels.empty(), source, index, -1, error);
    }
    return new ScrapeTarget(discovered, done, source, index, -1, null);
  }

  /**
   * The checks after relabeling, which also default {@code instance} (and in 2.42 the port); null
   * if the target is fine, else Prometheus's message.
   */
  private String finish(Labels.Builder b) {
    String addr = b.get("__address__");
    if (addr.isEmpty()) {
      return "no address";
    }
    if (compat == Compat.PROMETHEUS_2
        && !GoNet.splitsHostPort(addr)
        && GoNet.splitsHostPort(addr + ":1234")) {
      // 2.42 appends a default port chosen by the __scheme__ label.
      switch (b.get("__scheme__")) {
        case "http", "" -> addr = addr + ":80";
        case "https" -> addr = addr + ":443";
        default -> {
          return "invalid scheme: " + GoText.quote(config.scheme());
        }
      }
      b.set("__address__", addr);
    }
    if (addr.indexOf('/') >= 0) {
      return GoText.quote(addr) + " is not a valid hostname";
    }
    String interval = b.get("__scrape_interval__");
    Duration iv;
    try {
      iv =
          this.interval != null && interval.equals(intervalText)
              ? this.interval
              : PromDuration.parse(interval, compat);
    } catch (IllegalArgumentException e) {
      return "error parsing scrape interval: " + e.getMessage();
    }
    if (iv.isZero()) {
      return "scrape interval cannot be 0";
    }
    String timeout = b.get("__scrape_timeout__");
    Duration tv;
    try {
      tv =
          this.timeout != null && timeout.equals(timeoutText)
              ? this.timeout
              : PromDuration.parse(timeout, compat);
    } catch (IllegalArgumentException e) {
      return "error parsing scrape timeout: " + e.getMessage();
    }
    if (tv.isZero()) {
      return "scrape timeout cannot be 0";
    }
    if (tv.compareTo(iv) > 0) {
      return "scrape timeout cannot be greater than scrape interval ("
          + GoText.quote(timeout)
          + " > "
          + GoText.quote(interval)
          + ")";
    }
    if (compat == Compat.PROMETHEUS_3) {
      String err =
          checkBool(
              b, "__convert_classic_histograms_to_nhcb__", "convert classic histograms to nhcb");
      if (err == null) {
        err =
            checkBool(
                b, "__always_scrape_classic_histograms__", "always scrape classic histograms");
      }
      if (err == null) {
        err = checkBool(b, "__scrape_native_histograms__", "scrape native histograms");
      }
      if (err != null) {
        return err;
      }
    }
    if (b.get("instance").isEmpty()) {
      b.set("instance", addr);
    }
    return null;
  }

  private String checkValues(Labels l) {
    for (int i = 0; i < l.size(); i++) {
      if (!NameValidation.isUtf8Name(l.value(i))) {
        return "invalid label value for "
            + GoText.quote(l.name(i))
            + ": "
            + GoText.quote(l.value(i));
      }
    }
    return null;
  }

  /** Go's {@code strconv.ParseBool} check of a histogram control label. */
  private static String checkBool(Labels.Builder b, String name, String desc) {
    String v = b.get(name);
    if (v.isEmpty()) {
      return null;
    }
    switch (v) {
      case "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False" -> {
        return null;
      }
      default -> {
        return "error parsing "
            + desc
            + ": strconv.ParseBool: parsing "
            + GoText.quote(v)
            + ": invalid syntax";
      }
    }
  }
}
