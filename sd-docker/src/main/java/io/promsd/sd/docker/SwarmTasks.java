package io.promsd.sd.docker;

import static io.promsd.sd.docker.EngineTypes.CST_CONTAINER_ID;
import static io.promsd.sd.docker.EngineTypes.CS_LABELS;
import static io.promsd.sd.docker.EngineTypes.NA_ADDRESSES;
import static io.promsd.sd.docker.EngineTypes.NA_NETWORK;
import static io.promsd.sd.docker.EngineTypes.PC_PROTOCOL;
import static io.promsd.sd.docker.EngineTypes.PC_PUBLISHED;
import static io.promsd.sd.docker.EngineTypes.PC_PUBLISH_MODE;
import static io.promsd.sd.docker.EngineTypes.PS_PORTS;
import static io.promsd.sd.docker.EngineTypes.SN_ID;
import static io.promsd.sd.docker.EngineTypes.TST_CONTAINER_STATUS;
import static io.promsd.sd.docker.EngineTypes.TST_PORT_STATUS;
import static io.promsd.sd.docker.EngineTypes.TST_STATE;
import static io.promsd.sd.docker.EngineTypes.TS_CONTAINER_SPEC;
import static io.promsd.sd.docker.EngineTypes.T_ATTACHMENTS;
import static io.promsd.sd.docker.EngineTypes.T_DESIRED_STATE;
import static io.promsd.sd.docker.EngineTypes.T_ID;
import static io.promsd.sd.docker.EngineTypes.T_NODE_ID;
import static io.promsd.sd.docker.EngineTypes.T_SERVICE_ID;
import static io.promsd.sd.docker.EngineTypes.T_SLOT;
import static io.promsd.sd.docker.EngineTypes.T_SPEC;
import static io.promsd.sd.docker.EngineTypes.T_STATUS;
import static io.promsd.sd.docker.EngineTypes.list;
import static io.promsd.sd.docker.EngineTypes.mapOf;
import static io.promsd.sd.docker.EngineTypes.num;
import static io.promsd.sd.docker.EngineTypes.obj;
import static io.promsd.sd.docker.EngineTypes.str;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The swarm role {@code tasks}, as Prometheus's {@code discovery/moby/tasks.go} builds it: per
 * task, one target per TCP port published on the host ({@code nodeAddress:publishedPort}), and per
 * network attachment address one target per TCP port of the task's service ({@code
 * IP:publishedPort}), or one at {@code IP:port} when the service has none. Each carries the task's
 * labels, its container's labels, its service's and its node's.
 */
final class SwarmTasks {
  private SwarmTasks() {}

  private static final String TASK = SwarmServices.PREFIX + "task_";
  private static final String ID = TASK + "id";
  private static final String DESIRED_STATE = TASK + "desired_state";
  private static final String STATE = TASK + "state";
  private static final String CONTAINER_ID = TASK + "container_id";
  private static final String SLOT = TASK + "slot";
  private static final String PORT_MODE = TASK + "port_publish_mode";
  private static final String CONTAINER_LABEL = SwarmServices.PREFIX + "container_label_";

  static List<Labels> targets(
      List<Object> tasks,
      SwarmServices.ForTasks services,
      Map<String, Labels> nodeLabels,
      Map<String, Labels> networkLabels,
      long port)
      throws SwarmException {
    String fallback = Long.toString(port); // fmt.Sprintf("%d", d.port)
    List<Labels> out = new ArrayList<>();
    for (Object o : tasks) {
      Object[] t = (Object[]) o;
      Object[] status = obj(t, T_STATUS);
      Labels.Builder cb = Labels.builder();
      cb.set(ID, str(t, T_ID));
      cb.set(DESIRED_STATE, str(t, T_DESIRED_STATE));
      cb.set(STATE, str(status, TST_STATE));
      cb.set(SLOT, Long.toString(num(t, T_SLOT)));
      Object[] containerStatus = obj(status, TST_CONTAINER_STATUS);
      if (containerStatus != null) {
        cb.set(CONTAINER_ID, str(containerStatus, CST_CONTAINER_ID));
      }
      Object[] containerSpec = obj(obj(t, T_SPEC), TS_CONTAINER_SPEC);
      if (containerSpec != null) {
        for (Map.Entry<String, Object> e : mapOf(containerSpec, CS_LABELS).entrySet()) {
          cb.set(
              CONTAINER_LABEL + LabelNames.sanitize(e.getKey()), NetworkLabels.value(e.getValue()));
        }
      }
      String serviceId = str(t, T_SERVICE_ID);
      cb.setAll(services.labels().getOrDefault(serviceId, Labels.empty()));
      cb.setAll(nodeLabels.getOrDefault(str(t, T_NODE_ID), Labels.empty()));
      Labels common = cb.build();

      for (Object po : list(obj(status, TST_PORT_STATUS), PS_PORTS)) {
        Object[] p = (Object[]) po;
        if (!str(p, PC_PROTOCOL).equals("tcp")) {
          continue;
        }
        Labels.Builder b = common.toBuilder();
        b.set(PORT_MODE, str(p, PC_PUBLISH_MODE));
        String nodeAddress = common.get(SwarmNodes.ADDRESS);
        b.set(
            "__address__",
            GoNet.joinHostPort(
                nodeAddress == null ? "" : nodeAddress, Long.toString(num(p, PC_PUBLISHED))));
        out.add(b.build());
      }

      List<Object> servicePorts = services.ports().getOrDefault(serviceId, List.of());
      for (Object ao : list(t, T_ATTACHMENTS)) {
        Object[] attachment = (Object[]) ao;
        Labels net =
            networkLabels.getOrDefault(str(obj(attachment, NA_NETWORK), SN_ID), Labels.empty());
        for (Object address : list(attachment, NA_ADDRESSES)) {
          String cidr = NetworkLabels.value(address);
          String ip = SwarmException.cidrIp(cidr);
          boolean added = false;
          for (Object po : servicePorts) {
            Object[] p = (Object[]) po;
            if (!str(p, PC_PROTOCOL).equals("tcp")) {
              continue;
            }
            Labels.Builder b = common.toBuilder();
            b.set(PORT_MODE, str(p, PC_PUBLISH_MODE));
            b.setAll(net);
            b.set("__address__", GoNet.joinHostPort(ip, Long.toString(num(p, PC_PUBLISHED))));
            out.add(b.build());
            added = true;
          }
          if (!added) {
            Labels.Builder b = common.toBuilder();
            b.setAll(net);
            b.set("__address__", GoNet.joinHostPort(ip, fallback));
            out.add(b.build());
          }
        }
      }
    }
    return out;
  }
}
