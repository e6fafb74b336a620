package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.DiscovererFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Which {@code <mechanism>_sd_configs} keys a scrape config may have. The mechanisms promsd runs
 * are the {@link DiscovererFactory}s on the classpath ({@link ServiceLoader}): a mechanism module
 * registers its factory and nothing here changes. The SD keys of Prometheus ({@code
 * discovery/install}, {@code plugins.yml}) are all known, so that a config using one whose module
 * is absent fails with a clear message instead of Go's {@code field ... not found}.
 */
final class Mechanisms {
  private Mechanisms() {}

  /** Every SD key of Prometheus, with or without a promsd module. */
  private static final Set<String> PROMETHEUS_SD_KEYS =
      Set.of(
          "aws_sd_configs",
          "azure_sd_configs",
          "consul_sd_configs",
          "ec2_sd_configs",
          "file_sd_configs",
          "kubernetes_sd_configs",
          "digitalocean_sd_configs",
          "dns_sd_configs",
          "docker_sd_configs",
          "dockerswarm_sd_configs",
          "ecs_sd_configs",
          "elasticache_sd_configs",
          "eureka_sd_configs",
          "gce_sd_configs",
          "hetzner_sd_configs",
          "http_sd_configs",
          "ionos_sd_configs",
          "kuma_sd_configs",
          "lightsail_sd_configs",
          "linode_sd_configs",
          "marathon_sd_configs",
          "msk_sd_configs",
          "nerve_sd_configs",
          "nomad_sd_configs",
          "oci_sd_configs",
          "openstack_sd_configs",
          "outscale_sd_configs",
          "ovhcloud_sd_configs",
          "puppetdb_sd_configs",
          "rds_sd_configs",
          "scaleway_sd_configs",
          "serverset_sd_configs",
          "stackit_sd_configs",
          "triton_sd_configs",
          "uyuni_sd_configs",
          "vultr_sd_configs");

  /** The SD keys Prometheus 2.42 knows ({@code discovery/install/install.go} at v2.42.0). */
  private static final Set<String> PROMETHEUS_2_SD_KEYS =
      Set.of(
          "azure_sd_configs",
          "consul_sd_configs",
          "digitalocean_sd_configs",
          "dns_sd_configs",
          "docker_sd_configs",
          "dockerswarm_sd_configs",
          "ec2_sd_configs",
          "eureka_sd_configs",
          "file_sd_configs",
          "gce_sd_configs",
          "hetzner_sd_configs",
          "http_sd_configs",
          "ionos_sd_configs",
          "kubernetes_sd_configs",
          "kuma_sd_configs",
          "lightsail_sd_configs",
          "linode_sd_configs",
          "marathon_sd_configs",
          "nerve_sd_configs",
          "nomad_sd_configs",
          "openstack_sd_configs",
          "ovhcloud_sd_configs",
          "puppetdb_sd_configs",
          "scaleway_sd_configs",
          "serverset_sd_configs",
          "triton_sd_configs",
          "uyuni_sd_configs",
          "vultr_sd_configs");

  private static volatile Map<String, DiscovererFactory> factories;

  /**
   * Whether a scrape or Alertmanager config may have {@code key} under {@code compat}: a key of a
   * registered factory or of Prometheus (3.x), or one that 2.42 knows (2.x), so that 2.42 calls a
   * later discovery an unknown field, as it does.
   */
  static boolean known(String key, Compat compat) {
    if (!key.endsWith("_sd_configs")) {
      return false;
    }
    if (compat == Compat.PROMETHEUS_2) {
      return PROMETHEUS_2_SD_KEYS.contains(key);
    }
    return factory(key) != null || PROMETHEUS_SD_KEYS.contains(key);
  }

  /** The factory registered for {@code key}, or null. */
  static DiscovererFactory factory(String key) {
    return factories().get(key);
  }

  /** Whether {@code key} is one of Prometheus's SD keys. */
  static boolean isPrometheusKey(String key) {
    return PROMETHEUS_SD_KEYS.contains(key);
  }

  /** The error for a Prometheus SD key without a factory on the classpath. */
  static String missing(String key) {
    return "no discoverer for "
        + key
        + " on the classpath (promsd's discoverers are the modules io.promsd:promsd-sd-<mechanism>;"
        + " README lists them)";
  }

  static Map<String, DiscovererFactory> factories() {
    Map<String, DiscovererFactory> f = factories;
    if (f == null) {
      Map<String, DiscovererFactory> m = new HashMap<>();
      for (DiscovererFactory factory :
          ServiceLoader.load(DiscovererFactory.class, Mechanisms.class.getClassLoader())) {
        m.putIfAbsent(factory.configKey(), factory);
      }
      f = Map.copyOf(m);
      factories = f;
    }
    return f;
  }
}
