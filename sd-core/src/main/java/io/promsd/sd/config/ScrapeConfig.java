package io.promsd.sd.config;

import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code scrape_configs}, with the global defaults already applied (as Prometheus
 * applies them when it loads the file).
 *
 * @param jobName the job
 * @param scrapeInterval the job's interval
 * @param scrapeTimeout the job's timeout
 * @param metricsPath {@code metrics_path} ({@code /metrics})
 * @param scheme {@code scheme} ({@code http})
 * @param params {@code params}: name to values, in file order
 * @param honorLabels {@code honor_labels}
 * @param honorTimestamps {@code honor_timestamps}
 * @param relabelConfigs {@code relabel_configs}
 * @param metricRelabelConfigs {@code metric_relabel_configs}
 * @param sdConfigs the SD configs in Prometheus's order, {@code static_configs} last as one {@link
 *     StaticSdConfig}
 * @param httpClientConfig the job's own HTTP client settings (scrape time only; validated)
 * @param nameValidation the job's {@code metric_name_validation_scheme} (3.x)
 * @param scrapeNativeHistograms drives {@code __scrape_native_histograms__} (3.13+)
 * @param convertClassicHistogramsToNhcb drives {@code __convert_classic_histograms_to_nhcb__}
 * @param alwaysScrapeClassicHistograms drives {@code __always_scrape_classic_histograms__}
 * @param keepDroppedTargets cap on the dropped targets kept for display (0 = no cap)
 * @param targetLimit {@code target_limit} (0 = none)
 * @param file the file the job was read from
 * @param line the line of the job's entry
 */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    List<SdConfig> sdConfigs,
    HttpClientConfig httpClientConfig,
    NameValidation nameValidation,
    boolean scrapeNativeHistograms,
    boolean convertClassicHistogramsToNhcb,
    boolean alwaysScrapeClassicHistograms,
    long keepDroppedTargets,
    long targetLimit,
    String file,
    int line) {

  /** Copies the collections. */
  public ScrapeConfig {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
    sdConfigs = List.copyOf(sdConfigs);
  }
}
