package io.promsd.sd.docker;

import static io.promsd.sd.docker.EngineTypes.CS_HOSTNAME;
import static io.promsd.sd.docker.EngineTypes.CS_IMAGE;
import static io.promsd.sd.docker.EngineTypes.E_PORTS;
import static io.promsd.sd.docker.EngineTypes.E_VIPS;
import static io.promsd.sd.docker.EngineTypes.MODE_GLOBAL;
import static io.promsd.sd.docker.EngineTypes.MODE_REPLICATED;
import static io.promsd.sd.docker.EngineTypes.PC_NAME;
import static io.promsd.sd.docker.EngineTypes.PC_PROTOCOL;
import static io.promsd.sd.docker.EngineTypes.PC_PUBLISHED;
import static io.promsd.sd.docker.EngineTypes.PC_PUBLISH_MODE;
import static io.promsd.sd.docker.EngineTypes.SS_LABELS;
import static io.promsd.sd.docker.EngineTypes.SS_MODE;
import static io.promsd.sd.docker.EngineTypes.SS_NAME;
import static io.promsd.sd.docker.EngineTypes.SS_TASK_TEMPLATE;
import static io.promsd.sd.docker.EngineTypes.S_ENDPOINT;
import static io.promsd.sd.docker.EngineTypes.S_ID;
import static io.promsd.sd.docker.EngineTypes.S_SPEC;
import static io.promsd.sd.docker.EngineTypes.S_UPDATE_STATUS;
import static io.promsd.sd.docker.EngineTypes.TS_CONTAINER_SPEC;
import static io.promsd.sd.docker.EngineTypes.US_STATE;
import static io.promsd.sd.docker.EngineTypes.VIP_ADDR;
import static io.promsd.sd.docker.EngineTypes.VIP_NETWORK_ID;
import static io.promsd.sd.docker.EngineTypes.list;
import static io.promsd.sd.docker.EngineTypes.mapOf;
import static io.promsd.sd.docker.EngineTypes.num;
import static io.promsd.sd.docker.EngineTypes.obj;
import static io.promsd.sd.docker.EngineTypes.str;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm role {@code services}, as Prometheus's {@code discovery/moby/services.go} builds it:
 * per service, per virtual IP, one target per TCP endpoint port at {@code VIP:publishedPort}, or
 * one at {@code VIP:port} when it has none; and the service labels and ports the {@code tasks} role
 * uses ({@code getServicesLabelsAndPorts}).
 *
 * <p>2.42 reads {@code TaskTemplate.ContainerSpec} without checking it, so a service without one (a
 * plugin service) makes Prometheus panic; promsd fails the refresh instead. 3.x leaves the
 * container labels out for such services.
 */
final class SwarmServices {
  private SwarmServices() {}

  static final String PREFIX = "__meta_dockerswarm_";
  private static final String SERVICE = PREFIX + "service_";
  private static final String PORT_NAME = SERVICE + "endpoint_port_name";
  private static final String PORT_PUBLISH_MODE = SERVICE + "endpoint_port_publish_mode";
  private static final String ID = SERVICE + "id";
  private static final String LABEL = SERVICE + "label_";
  private static final String NAME = SERVICE + "name";
  private static final String MODE = SERVICE + "mode";
  private static final String UPDATING_STATUS = SERVICE + "updating_status";
  private static final String CONTAINER_IMAGE = SERVICE + "task_container_image";
  private static final String CONTAINER_HOSTNAME = SERVICE + "task_container_hostname";

  /** {@code refreshServices}. */
  static List<Labels> targets(
      List<Object> services, Map<String, Labels> networkLabels, long port, Compat compat)
      throws ContainerTargets.PanicException, SwarmException {
    String fallback = Long.toString(port); // fmt.Sprintf("%d", d.port)
    List<Labels> out = new ArrayList<>();
    for (Object o : services) {
      Object[] s = (Object[]) o;
      Object[] spec = obj(s, S_SPEC);
      Labels.Builder cb = Labels.builder();
      cb.set(ID, str(s, S_ID));
      cb.set(NAME, str(spec, SS_NAME));
      Object[] containerSpec = obj(obj(spec, SS_TASK_TEMPLATE), TS_CONTAINER_SPEC);
      if (containerSpec != null) {
        cb.set(CONTAINER_HOSTNAME, str(containerSpec, CS_HOSTNAME));
        cb.set(CONTAINER_IMAGE, str(containerSpec, CS_IMAGE));
      } else if (compat == Compat.PROMETHEUS_2) {
        throw new ContainerTargets.PanicException(
            "service " + str(s, S_ID) + " without TaskTemplate.ContainerSpec");
      }
      cb.set(MODE, mode(spec));
      Object[] update = obj(s, S_UPDATE_STATUS);
      if (update != null) {
        cb.set(UPDATING_STATUS, str(update, US_STATE));
      }
      for (Map.Entry<String, Object> e : mapOf(spec, SS_LABELS).entrySet()) {
        cb.set(LABEL + LabelNames.sanitize(e.getKey()), NetworkLabels.value(e.getValue()));
      }
      Labels common = cb.build();
      Object[] endpoint = obj(s, S_ENDPOINT);
      List<Object> ports = list(endpoint, E_PORTS);
      for (Object vo : list(endpoint, E_VIPS)) {
        Object[] vip = (Object[]) vo;
        String addr = str(vip, VIP_ADDR);
        String ip = SwarmException.cidrIp(addr);
        Labels net = networkLabels.getOrDefault(str(vip, VIP_NETWORK_ID), Labels.empty());
        boolean added = false;
        for (Object po : ports) {
          Object[] p = (Object[]) po;
          if (!str(p, PC_PROTOCOL).equals("tcp")) {
            continue;
          }
          Labels.Builder t = common.toBuilder();
          t.set(PORT_NAME, str(p, PC_NAME));
          t.set(PORT_PUBLISH_MODE, str(p, PC_PUBLISH_MODE));
          t.setAll(net);
          t.set("__address__", GoNet.joinHostPort(ip, Long.toString(num(p, PC_PUBLISHED))));
          out.add(t.build());
          added = true;
        }
        if (!added) {
          Labels.Builder t = common.toBuilder();
          t.setAll(net);
          t.set("__address__", GoNet.joinHostPort(ip, fallback));
          out.add(t.build());
        }
      }
    }
    return out;
  }

  /** {@code getServiceValueMode}. */
  private static String mode(Object[] spec) {
    Object[] mode = obj(spec, SS_MODE);
    if (obj(mode, MODE_GLOBAL) != null) {
      return "global";
    }
    if (obj(mode, MODE_REPLICATED) != null) {
      return "replicated";
    }
    return "";
  }

  /** What the tasks role takes from every service. */
  record ForTasks(Map<String, Labels> labels, Map<String, List<Object>> ports) {}

  /** {@code getServicesLabelsAndPorts}: id, name, mode and labels, and the endpoint ports. */
  static ForTasks forTasks(List<Object> services) {
    Map<String, Labels> labels = new HashMap<>(services.size() * 2);
    Map<String, List<Object>> ports = new HashMap<>(services.size() * 2);
    for (Object o : services) {
      Object[] s = (Object[]) o;
      Object[] spec = obj(s, S_SPEC);
      Labels.Builder b = Labels.builder();
      b.set(ID, str(s, S_ID));
      b.set(NAME, str(spec, SS_NAME));
      b.set(MODE, mode(spec));
      for (Map.Entry<String, Object> e : mapOf(spec, SS_LABELS).entrySet()) {
        b.set(LABEL + LabelNames.sanitize(e.getKey()), NetworkLabels.value(e.getValue()));
      }
      labels.put(str(s, S_ID), b.build());
      ports.put(str(s, S_ID), list(obj(s, S_ENDPOINT), E_PORTS));
    }
    return new ForTasks(labels, ports);
  }
}
