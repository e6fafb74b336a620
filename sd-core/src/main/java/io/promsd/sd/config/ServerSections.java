package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sections that configure the Prometheus server itself: {@code storage} (both versions), {@code
 * otlp} and {@code runtime} (3.x). Decoded field by field as {@code config/config.go} decodes them
 * ({@code StorageConfig}, {@code TSDBConfig.UnmarshalYAML}, {@code
 * TSDBRetentionConfig.UnmarshalYAML}, {@code ExemplarsConfig}, {@code OTLPConfig.UnmarshalYAML},
 * {@code RuntimeConfig}) only to reject what Prometheus rejects: promsd keeps none of it.
 */
final class ServerSections {
  private final Loading l;
  private final Decoder d;
  private final Compat compat;
  // otlp.translation_strategy, checked by Load once the whole file is decoded
  private String translationStrategy;
  private Node translationNode;

  ServerSections(Loading l) {
    this.l = l;
    this.d = l.d;
    this.compat = l.compat;
  }

  /** {@code storage}: StorageConfig, a struct without UnmarshalYAML. */
  void storage(Node v) {
    Fields f = d.struct(v, "config.StorageConfig");
    for (String key : f.remaining()) {
      switch (key) {
        case "tsdb" -> tsdb(f.take(key));
        case "exemplars" -> {
          Fields e = d.struct(f.take(key), "config.ExemplarsConfig");
          if (e.has("max_exemplars")) {
            d.int64(e.take("max_exemplars"), 0, "int64");
          }
          e.finish();
        }
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
  }

  /**
   * {@code storage.tsdb}. Go's {@code OutOfOrderTimeWindow int64} has no yaml tag, so yaml.v2 reads
   * it from the key {@code outofordertimewindow} in both versions.
   */
  private void tsdb(Node v) {
    if (v == null || v.isNull()) {
      return;
    }
    int mark = d.typeErrorCount();
    Fields f = d.struct(v, "config.plain");
    String floats = "";
    for (String key : f.remaining()) {
      boolean three = compat == Compat.PROMETHEUS_3;
      switch (key) {
        case "out_of_order_time_window" -> l.duration(f.take(key));
        case "outofordertimewindow" -> d.int64(f.take(key), 0, "int64");
        case "stale_series_compaction_threshold" -> {
          if (three) {
            l.float64(f.take(key));
          }
        }
        case "chunk_encoding" -> {
          if (three) {
            Fields c = d.struct(f.take(key), "config.ChunkEncodingConfig");
            if (c.has("floats")) {
              floats = d.string(c.take("floats"));
            }
            c.finish();
          }
        }
        case "retention" -> {
          if (three) {
            retention(f.take(key));
          }
        }
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return;
    }
    if (!floats.isEmpty() && !floats.equals("xor") && !floats.equals("xor2")) {
      throw d.error(
          v,
          "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be"
              + " omitted entirely, got "
              + GoText.quote(floats));
    }
  }

  /** 3.x {@code storage.tsdb.retention}: TSDBRetentionConfig.UnmarshalYAML. */
  private void retention(Node v) {
    if (v == null || v.isNull()) {
      return;
    }
    int mark = d.typeErrorCount();
    Fields f = d.struct(v, "config.plain");
    Long size = null;
    double percentage = 0;
    for (String key : f.remaining()) {
      switch (key) {
        case "time" -> l.duration(f.take(key));
        case "size" -> size = l.byteSizeValue(f.take(key));
        case "percentage" -> percentage = l.float64(f.take(key));
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return;
    }
    if (size != null && size < 0) {
      throw d.error(
          v,
          "'storage.tsdb.retention.size' must be greater than or equal to 0, got "
              + ByteSizes.base2String(size));
    }
    if (percentage < 0 || percentage > 100) {
      throw d.error(
          v,
          "'storage.tsdb.retention.percentage' must be in the range [0, 100], got "
              + goFloat(percentage));
    }
  }

  /** 3.x {@code runtime}: RuntimeConfig, a struct without UnmarshalYAML. */
  void runtime(Node v) {
    Fields f = d.struct(v, "config.RuntimeConfig");
    if (f.has("gogc")) {
      d.int64(f.take("gogc"), 0, "int");
    }
    f.finish();
  }

  /** 3.x {@code otlp}: OTLPConfig.UnmarshalYAML over DefaultOTLPConfig. */
  void otlp(Node v) {
    if (v == null || v.isNull()) {
      return;
    }
    int mark = d.typeErrorCount();
    Fields f = d.struct(v, "config.plain");
    boolean promoteAll = false;
    List<String> promote = List.of();
    List<String> ignore = List.of();
    for (String key : f.remaining()) {
      switch (key) {
        case "promote_all_resource_attributes" -> promoteAll = d.bool(f.take(key), false);
        case "promote_resource_attributes" -> promote = strings(f.take(key));
        case "ignore_resource_attributes" -> ignore = strings(f.take(key));
        case "translation_strategy" -> {
          translationNode = f.take(key);
          translationStrategy =
              d.string(translationNode, "otlptranslator.TranslationStrategyOption");
        }
        case "keep_identifying_resource_attributes",
            "convert_histograms_to_nhcb",
            "promote_scope_metadata",
            "label_name_underscore_sanitization",
            "label_name_preserve_multiple_underscores" ->
            d.bool(f.take(key), false);
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return;
    }
    if (promoteAll) {
      if (!promote.isEmpty()) {
        throw d.error(
            v,
            "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be"
                + " configured simultaneously");
      }
      String err = attributesError(ignore, "ignored");
      if (err != null) {
        throw d.error(v, "invalid 'ignore_resource_attributes': " + err);
      }
    } else {
      if (!ignore.isEmpty()) {
        throw d.error(
            v,
            "'ignore_resource_attributes' cannot be configured unless"
                + " 'promote_all_resource_attributes' is true");
      }
      String err = attributesError(promote, "promoted");
      if (err != null) {
        throw d.error(v, "invalid 'promote_resource_attributes': " + err);
      }
    }
  }

  /**
   * The OTLP translation strategy check of 3.x's {@code config.Load}, run after the whole file is
   * decoded (a legacy-validation global rejects the strategies that keep UTF-8 names).
   */
  void checkTranslationStrategy(GlobalConfig global) {
    if (translationStrategy == null) {
      return;
    }
    String s = translationStrategy;
    switch (s) {
      case "", "UnderscoreEscapingWithSuffixes", "UnderscoreEscapingWithoutSuffixes" -> {}
      case "NoTranslation", "NoUTF8EscapingWithSuffixes" -> {
        if (global.nameValidation() == NameValidation.LEGACY) {
          throw new ConfigException(
              "OTLP translation strategy "
                  + GoText.quote(s)
                  + " is not allowed when UTF8 is disabled",
              d.file(),
              translationNode.line());
        }
      }
      default ->
          throw new ConfigException(
              "unsupported OTLP translation strategy " + GoText.quote(s),
              d.file(),
              translationNode.line());
    }
  }

  private List<String> strings(Node v) {
    List<String> s = d.stringList(v, "[]string", "string");
    return s == null ? List.of() : s;
  }

  /** sanitizeAttributes: every problem, joined by newlines as errors.Join joins them. */
  private static String attributesError(List<String> attributes, String adjective) {
    Set<String> seen = new HashSet<>();
    List<String> errs = new ArrayList<>();
    for (String a : attributes) {
      String t = a.strip();
      if (t.isEmpty()) {
        errs.add("empty " + adjective + " OTel resource attribute");
      } else if (!seen.add(t)) {
        errs.add("duplicated " + adjective + " OTel resource attribute " + GoText.quote(t));
      }
    }
    return errs.isEmpty() ? null : String.join("\n", errs);
  }

  /** Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}). */
  static String goFloat(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return (1 / f < 0) ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(f)).stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale();
    String sign = shortest.signum() < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int e = Math.abs(exp);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" + e : Integer.toString(e));
    }
    return sign + shortest.abs().toPlainString();
  }
}
