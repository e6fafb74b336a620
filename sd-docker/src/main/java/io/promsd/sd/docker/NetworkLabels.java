package io.promsd.sd.docker;

import static io.promsd.sd.docker.EngineTypes.N_ID;
import static io.promsd.sd.docker.EngineTypes.N_INGRESS;
import static io.promsd.sd.docker.EngineTypes.N_INTERNAL;
import static io.promsd.sd.docker.EngineTypes.N_LABELS;
import static io.promsd.sd.docker.EngineTypes.N_NAME;
import static io.promsd.sd.docker.EngineTypes.N_SCOPE;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.LabelNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of each network by id, as {@code getNetworksLabels} in Prometheus's {@code
 * discovery/moby/network.go} builds them: {@code <prefix>network_id}, {@code _name}, {@code
 * _scope}, {@code _internal}, {@code _ingress} ({@code true}/{@code false}) and {@code
 * _label_<sanitized name>} per network label. A later network with the same id replaces an earlier
 * one.
 */
final class NetworkLabels {
  private NetworkLabels() {}

  /**
   * @param networks the decoded network list
   * @param prefix {@code __meta_docker_} or {@code __meta_dockerswarm_}
   */
  static Map<String, Labels> of(List<Object> networks, String prefix) {
    String id = prefix + "network_id";
    String name = prefix + "network_name";
    String scope = prefix + "network_scope";
    String internal = prefix + "network_internal";
    String ingress = prefix + "network_ingress";
    String label = prefix + "network_label_";
    Map<String, Labels> out = new HashMap<>(networks.size() * 2);
    for (Object o : networks) {
      Object[] n = (Object[]) o;
      Labels.Builder b = Labels.builder();
      b.set(id, EngineTypes.str(n, N_ID));
      b.set(name, EngineTypes.str(n, N_NAME));
      b.set(scope, EngineTypes.str(n, N_SCOPE));
      b.set(internal, String.valueOf(EngineTypes.bool(n, N_INTERNAL)));
      b.set(ingress, String.valueOf(EngineTypes.bool(n, N_INGRESS)));
      for (Map.Entry<String, Object> e : EngineTypes.mapOf(n, N_LABELS).entrySet()) {
        b.set(label + LabelNames.sanitize(e.getKey()), value(e.getValue()));
      }
      out.put(EngineTypes.str(n, N_ID), b.build());
    }
    return out;
  }

  /** A decoded {@code map[string]string} value: null (JSON null) is Go's "". */
  static String value(Object v) {
    return v == null ? "" : (String) v;
  }
}
