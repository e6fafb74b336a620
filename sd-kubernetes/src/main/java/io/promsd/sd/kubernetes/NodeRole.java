package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Address;
import io.promsd.sd.kubernetes.KubeObject.Condition;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import io.promsd.sd.spi.TargetGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code node} role (discovery/kubernetes/node.go): one target per node, on the kubelet. */
final class NodeRole implements RoleWatch {
  private static final Logger logger = LoggerFactory.getLogger(NodeRole.class);
  private static final List<String> ADDRESS_PRIORITY =
      List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname");

  private final InformerSet informers;
  private final Compat compat;
  private ResourceView nodes;

  NodeRole(InformerSet informers) {
    this.informers = informers;
    this.compat = informers.config().compat();
  }

  @Override
  public void register(WorkQueue queue) {
    nodes = informers.nodes();
    nodes.addHandler(ResourceView.enqueueing(queue));
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = nodes.get(key);
    String source = "node/" + key;
    if (!(o instanceof KubeObject.Node node)) {
      return TargetGroup.empty(source);
    }
    Labels.Builder g = Labels.builder();
    g.set(PREFIX + "node_provider_id", node.providerId());
    if (compat != Compat.PROMETHEUS_2) {
      // since 3.12: every condition as a label
      for (Condition c : node.conditions()) {
        g.set(
            MetaLabels.name(PREFIX + "node_condition_", c.type().toLowerCase(Locale.ROOT)),
            c.status().toLowerCase(Locale.ROOT));
      }
    }
    MetaLabels.objectMeta(g, node.meta(), "node");

    // nodeAddress: the first address of the first type present, by priority.
    Map<String, String> firstByType = new LinkedHashMap<>();
    for (Address a : node.addresses()) {
      firstByType.putIfAbsent(a.type(), a.address());
    }
    String addr = null;
    for (String type : ADDRESS_PRIORITY) {
      addr = firstByType.get(type);
      if (addr != null) {
        break;
      }
    }
    if (addr == null) {
      // Prometheus logs and sends nothing: the node's previous group stays.
      logger.warn("no node address found node={}", node.meta().name());
      return null;
    }
    Labels.Builder t = Labels.builder();
    t.set(MetaLabels.ADDRESS, GoNet.joinHostPort(addr, Long.toString(node.kubeletPort())));
    t.set("instance", node.meta().name());
    firstByType.forEach(
        (type, a) -> t.set(LabelNames.sanitize(PREFIX + "node_address_" + type), a));
    return new TargetGroup(source, g.build(), List.of(t.build()));
  }
}
