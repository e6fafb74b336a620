package io.promsd.sd.docker;

import static io.promsd.sd.docker.EngineTypes.ENG_VERSION;
import static io.promsd.sd.docker.EngineTypes.MS_ADDR;
import static io.promsd.sd.docker.EngineTypes.MS_LEADER;
import static io.promsd.sd.docker.EngineTypes.MS_REACHABILITY;
import static io.promsd.sd.docker.EngineTypes.ND_ENGINE;
import static io.promsd.sd.docker.EngineTypes.ND_HOSTNAME;
import static io.promsd.sd.docker.EngineTypes.ND_PLATFORM;
import static io.promsd.sd.docker.EngineTypes.NODE_DESCRIPTION;
import static io.promsd.sd.docker.EngineTypes.NODE_ID;
import static io.promsd.sd.docker.EngineTypes.NODE_MANAGER;
import static io.promsd.sd.docker.EngineTypes.NODE_SPEC;
import static io.promsd.sd.docker.EngineTypes.NODE_STATUS;
import static io.promsd.sd.docker.EngineTypes.NSPEC_AVAILABILITY;
import static io.promsd.sd.docker.EngineTypes.NSPEC_LABELS;
import static io.promsd.sd.docker.EngineTypes.NSPEC_ROLE;
import static io.promsd.sd.docker.EngineTypes.NST_ADDR;
import static io.promsd.sd.docker.EngineTypes.NST_STATE;
import static io.promsd.sd.docker.EngineTypes.PL_ARCH;
import static io.promsd.sd.docker.EngineTypes.PL_OS;
import static io.promsd.sd.docker.EngineTypes.bool;
import static io.promsd.sd.docker.EngineTypes.mapOf;
import static io.promsd.sd.docker.EngineTypes.obj;
import static io.promsd.sd.docker.EngineTypes.str;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm role {@code nodes}, as Prometheus's {@code discovery/moby/nodes.go} builds it: one
 * target per node at {@code Status.Addr:port}, with the node's labels; and the node labels the
 * {@code tasks} role attaches to each task ({@code getNodesLabels}: no engine version, no manager
 * labels).
 */
final class SwarmNodes {
  private SwarmNodes() {}

  static final String PREFIX = SwarmServices.PREFIX + "node_";
  static final String ADDRESS = PREFIX + "address";
  private static final String AVAILABILITY = PREFIX + "availability";
  private static final String ENGINE_VERSION = PREFIX + "engine_version";
  private static final String HOSTNAME = PREFIX + "hostname";
  private static final String ID = PREFIX + "id";
  private static final String LABEL = PREFIX + "label_";
  private static final String MANAGER_ADDRESS = PREFIX + "manager_address";
  private static final String MANAGER_LEADER = PREFIX + "manager_leader";
  private static final String MANAGER_REACHABILITY = PREFIX + "manager_reachability";
  private static final String ARCH = PREFIX + "platform_architecture";
  private static final String OS = PREFIX + "platform_os";
  private static final String ROLE = PREFIX + "role";
  private static final String STATUS = PREFIX + "status";

  /** {@code refreshNodes}: one target per node. */
  static List<Labels> targets(List<Object> nodes, long port) {
    String p = Long.toUnsignedString(port); // strconv.FormatUint(uint64(d.port), 10)
    List<Labels> out = new ArrayList<>(nodes.size());
    for (Object o : nodes) {
      Object[] n = (Object[]) o;
      Labels.Builder b = Labels.builder();
      common(n, b);
      Object[] description = obj(n, NODE_DESCRIPTION);
      b.set(ENGINE_VERSION, str(obj(description, ND_ENGINE), ENG_VERSION));
      Object[] manager = obj(n, NODE_MANAGER);
      if (manager != null) {
        b.set(MANAGER_LEADER, String.valueOf(bool(manager, MS_LEADER)));
        b.set(MANAGER_REACHABILITY, str(manager, MS_REACHABILITY));
        b.set(MANAGER_ADDRESS, str(manager, MS_ADDR));
      }
      b.set("__address__", GoNet.joinHostPort(str(obj(n, NODE_STATUS), NST_ADDR), p));
      out.add(b.build());
    }
    return out;
  }

  /** {@code getNodesLabels}: the labels the tasks role takes from each node, by node id. */
  static Map<String, Labels> labelsById(List<Object> nodes) {
    Map<String, Labels> out = new HashMap<>(nodes.size() * 2);
    for (Object o : nodes) {
      Object[] n = (Object[]) o;
      Labels.Builder b = Labels.builder();
      common(n, b);
      out.put(str(n, NODE_ID), b.build());
    }
    return out;
  }

  private static void common(Object[] n, Labels.Builder b) {
    Object[] spec = obj(n, NODE_SPEC);
    Object[] description = obj(n, NODE_DESCRIPTION);
    Object[] platform = obj(description, ND_PLATFORM);
    Object[] status = obj(n, NODE_STATUS);
    b.set(ID, str(n, NODE_ID));
    b.set(ROLE, str(spec, NSPEC_ROLE));
    b.set(AVAILABILITY, str(spec, NSPEC_AVAILABILITY));
    b.set(HOSTNAME, str(description, ND_HOSTNAME));
    b.set(ARCH, str(platform, PL_ARCH));
    b.set(OS, str(platform, PL_OS));
    b.set(STATUS, str(status, NST_STATE));
    b.set(ADDRESS, str(status, NST_ADDR));
    for (Map.Entry<String, Object> e : mapOf(spec, NSPEC_LABELS).entrySet()) {
      b.set(LABEL + LabelNames.sanitize(e.getKey()), NetworkLabels.value(e.getValue()));
    }
  }
}
