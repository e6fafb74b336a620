package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets of role {@code loadbalancer} (Prometheus 3.x, {@code
 * discovery/openstack/loadbalancer.go}, {@code LoadBalancerDiscovery.refresh}): one per Octavia
 * load balancer that has a listener of protocol {@code PROMETHEUS}, at {@code vip_address} and the
 * first such listener's port; the floating IP is the one bound to the VIP's port.
 */
final class LoadBalancers {
  static final String ID = Instances.META + "loadbalancer_id";
  static final String NAME = Instances.META + "loadbalancer_name";
  static final String OPERATING_STATUS = Instances.META + "loadbalancer_operating_status";
  static final String PROVISIONING_STATUS = Instances.META + "loadbalancer_provisioning_status";
  static final String AVAILABILITY_ZONE = Instances.META + "loadbalancer_availability_zone";
  static final String FLOATING_IP = Instances.META + "loadbalancer_floating_ip";
  static final String VIP = Instances.META + "loadbalancer_vip";
  static final String PROVIDER = Instances.META + "loadbalancer_provider";
  static final String TAGS = Instances.META + "loadbalancer_tags";

  private static final String LB = "loadbalancers.LoadBalancer";

  private LoadBalancers() {}

  static List<Labels> targets(
      List<JsonNode> balancers, List<JsonNode> listeners, List<JsonNode> floatingIps)
      throws OpenStackException {
    Map<String, List<JsonNode>> byBalancer = new HashMap<>();
    for (JsonNode l : listeners) {
      JsonNode lbs =
          GoJson.array(l, "loadbalancers", "listeners.Listener", "[]listeners.LoadBalancerID");
      if (lbs == null) {
        continue;
      }
      for (JsonNode lb : lbs) {
        byBalancer
            .computeIfAbsent(
                GoJson.string(lb, "id", "listeners.LoadBalancerID"), k -> new ArrayList<>())
            .add(l);
      }
    }
    Map<String, String> fipByPort = new HashMap<>();
    for (JsonNode f : floatingIps) {
      String port = GoJson.string(f, "port_id", "floatingips.FloatingIP");
      if (!port.isEmpty()) {
        fipByPort.put(port, GoJson.string(f, "floating_ip_address", "floatingips.FloatingIP"));
      }
    }
    List<Labels> out = new ArrayList<>();
    for (JsonNode lb : balancers) {
      String id = GoJson.string(lb, "id", LB);
      List<JsonNode> ls = byBalancer.get(id);
      if (ls == null || ls.isEmpty()) {
        continue;
      }
      Long port = null;
      for (JsonNode l : ls) {
        if (GoJson.string(l, "protocol", "listeners.Listener").equals("PROMETHEUS")) {
          GoJson.checkInt(l, "protocol_port", "listeners.Listener");
          port = l.path("protocol_port").asLong(0);
          break;
        }
      }
      if (port == null) {
        continue;
      }
      String vip = GoJson.string(lb, "vip_address", LB);
      Labels.Builder b =
          Labels.builder()
              .set("__address__", GoNet.joinHostPort(vip, Long.toString(port)))
              .set(ID, id)
              .set(NAME, GoJson.string(lb, "name", LB))
              .set(OPERATING_STATUS, GoJson.string(lb, "operating_status", LB))
              .set(PROVISIONING_STATUS, GoJson.string(lb, "provisioning_status", LB))
              .set(AVAILABILITY_ZONE, GoJson.string(lb, "availability_zone", LB))
              .set(VIP, vip)
              .set(PROVIDER, GoJson.string(lb, "provider", LB))
              .set(Instances.PROJECT_ID, GoJson.string(lb, "project_id", LB));
      JsonNode tags = GoJson.array(lb, "tags", LB, "[]string");
      if (tags != null && !tags.isEmpty()) {
        List<String> t = new ArrayList<>();
        for (JsonNode tag : tags) {
          t.add(tag.asText(""));
        }
        b.set(TAGS, String.join(",", t));
      }
      String fip = fipByPort.get(GoJson.string(lb, "vip_port_id", LB));
      if (fip != null) {
        b.set(FLOATING_IP, fip);
      }
      out.add(b.build());
    }
    return out;
  }
}
