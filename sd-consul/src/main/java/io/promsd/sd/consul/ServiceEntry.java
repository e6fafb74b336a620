package io.promsd.sd.consul;

import java.util.List;
import java.util.Map;

/**
 * One element of {@code GET /v1/health/service/<name>}: the parts of the hashicorp client's {@code
 * api.ServiceEntry} that Prometheus reads. Missing strings are empty, missing maps and lists empty;
 * maps keep the JSON order.
 */
record ServiceEntry(NodeInfo node, ServiceInfo service, List<Check> checks) {
  /** {@code api.Node}: name, address, metadata and tagged addresses. */
  record NodeInfo(
      String node, String address, Map<String, String> meta, Map<String, String> taggedAddresses) {}

  /** {@code api.AgentService}. */
  record ServiceInfo(
      String id,
      List<String> tags,
      String address,
      Map<String, String> meta,
      long port,
      String namespace,
      String partition) {}

  /** {@code api.HealthCheck}: the two fields the aggregated status looks at. */
  record Check(String checkId, String status) {}

  static final NodeInfo NO_NODE = new NodeInfo("", "", Map.of(), Map.of());
  static final ServiceInfo NO_SERVICE = new ServiceInfo("", List.of(), "", Map.of(), 0, "", "");

  /**
   * The hashicorp client's {@code HealthChecks.AggregatedStatus}: a maintenance check wins, then
   * critical, warning, passing; no checks is passing; an unknown status gives "" at once.
   */
  String aggregatedStatus() {
    boolean warning = false;
    boolean critical = false;
    boolean maintenance = false;
    for (Check c : checks) {
      String id = c.checkId();
      if (id.equals("_node_maintenance") || id.startsWith("_service_maintenance:")) {
        maintenance = true;
        continue;
      }
      switch (c.status()) {
        case "passing" -> {} // the default below
        case "warning" -> warning = true;
        case "critical" -> critical = true;
        default -> {
          return "";
        }
      }
    }
    if (maintenance) {
      return "maintenance";
    }
    if (critical) {
      return "critical";
    }
    if (warning) {
      return "warning";
    }
    return "passing"; // with or without passing checks
  }
}
