package io.promsd.sd.consul;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a service's health entries into its target group, label for label as {@code
 * consulService.watch} in Prometheus's {@code discovery/consul/consul.go} does.
 */
final class ServiceTargets {
  private ServiceTargets() {}

  private static final String META = "__meta_consul_";

  /**
   * The group for one response: source and group labels name the service and datacenter; one target
   * per entry. Sent even when there are no entries.
   */
  static TargetGroup group(
      String service, String datacenter, String tagSeparator, List<ServiceEntry> entries) {
    Labels groupLabels =
        Labels.builder().set(META + "service", service).set(META + "dc", datacenter).build();
    List<Labels> targets = new ArrayList<>(entries.size());
    for (ServiceEntry e : entries) {
      targets.add(target(e, tagSeparator));
    }
    return new TargetGroup(service, groupLabels, targets);
  }

  static Labels target(ServiceEntry e, String sep) {
    ServiceEntry.NodeInfo node = e.node();
    ServiceEntry.ServiceInfo svc = e.service();
    // Wrapped in separators so that relabel regexes need not care where a tag sits.
    String tags = sep + String.join(sep, svc.tags()) + sep;
    String port = Long.toString(svc.port());
    // A service registered with its own address (possibly through another node) is reached there.
    String host = svc.address().isEmpty() ? node.address() : svc.address();
    Labels.Builder b =
        Labels.builder()
            .set("__address__", GoNet.joinHostPort(host, port))
            .set(META + "address", node.address())
            .set(META + "node", node.node())
            .set(META + "namespace", svc.namespace())
            .set(META + "partition", svc.partition())
            .set(META + "tags", tags)
            .set(META + "service_address", svc.address())
            .set(META + "service_port", port)
            .set(META + "service_id", svc.id())
            .set(META + "health", e.aggregatedStatus());
    putAll(b, META + "metadata_", node.meta());
    putAll(b, META + "service_metadata_", svc.meta());
    putAll(b, META + "tagged_address_", node.taggedAddresses());
    return b.build();
  }

  private static void putAll(Labels.Builder b, String prefix, Map<String, String> values) {
    // Keys that sanitise alike collide; Go keeps whichever its map order visits last (random),
    // we keep the last in the response's order.
    values.forEach((k, v) -> b.set(prefix + LabelNames.sanitize(k), v));
  }
}
