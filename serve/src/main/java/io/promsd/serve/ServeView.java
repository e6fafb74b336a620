package io.promsd.serve;

import io.promsd.relabel.Compat;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.internal.ScrapeJob;
import java.util.Map;

/**
 * What the handlers read, swapped as one value: the running config, its compiled jobs and the
 * newest snapshot. The snapshot may briefly lag a reload; handlers skip a job the config no longer
 * has.
 *
 * @param config the config applied last
 * @param configText the config file's text at that reload (for the config page and API)
 * @param jobs the compiled jobs by name, in config order
 * @param set the newest published snapshot
 */
record ServeView(
    PrometheusConfig config, String configText, Map<String, ScrapeJob> jobs, TargetSet set) {
  Compat compat() {
    return config.compat();
  }

  ServeView withSet(TargetSet newSet) {
    return new ServeView(config, configText, jobs, newSet);
  }
}
