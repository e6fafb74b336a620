package io.promsd.sd.config;

import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import java.time.Duration;

/**
 * The {@code global} section of prometheus.yml, as far as it shapes targets.
 *
 * @param scrapeInterval default scrape interval (1m)
 * @param scrapeTimeout default scrape timeout (10s, at most the interval)
 * @param evaluationInterval rule evaluation interval (1m)
 * @param externalLabels labels added to series leaving Prometheus
 * @param nameValidation {@code metric_name_validation_scheme} (3.x; UTF-8 unless configured)
 * @param scrapeNativeHistograms the 3.13+ default for {@code __scrape_native_histograms__}
 * @param convertClassicHistogramsToNhcb the 3.13+ default for its label
 * @param alwaysScrapeClassicHistograms the 3.13+ default for its label
 * @param keepDroppedTargets default cap on kept dropped targets (0 = no cap)
 */
public record GlobalConfig(
    Duration scrapeInterval,
    Duration scrapeTimeout,
    Duration evaluationInterval,
    Labels externalLabels,
    NameValidation nameValidation,
    boolean scrapeNativeHistograms,
    boolean convertClassicHistogramsToNhcb,
    boolean alwaysScrapeClassicHistograms,
    long keepDroppedTargets) {

  /** Prometheus's defaults. */
  public static final GlobalConfig DEFAULT =
      new GlobalConfig(
          Duration.ofMinutes(1),
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Labels.empty(),
          NameValidation.UTF8,
          false,
          false,
          false,
          0);
}
