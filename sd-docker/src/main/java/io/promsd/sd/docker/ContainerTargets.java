package io.promsd.sd.docker;

import static io.promsd.sd.docker.EngineTypes.C_HOST_CONFIG;
import static io.promsd.sd.docker.EngineTypes.C_ID;
import static io.promsd.sd.docker.EngineTypes.C_IMAGE;
import static io.promsd.sd.docker.EngineTypes.C_IMAGE_ID;
import static io.promsd.sd.docker.EngineTypes.C_LABELS;
import static io.promsd.sd.docker.EngineTypes.C_NAMES;
import static io.promsd.sd.docker.EngineTypes.C_NETWORK_SETTINGS;
import static io.promsd.sd.docker.EngineTypes.C_PORTS;
import static io.promsd.sd.docker.EngineTypes.EP_IP;
import static io.promsd.sd.docker.EngineTypes.EP_IPV6;
import static io.promsd.sd.docker.EngineTypes.EP_NETWORK_ID;
import static io.promsd.sd.docker.EngineTypes.HC_NETWORK_MODE;
import static io.promsd.sd.docker.EngineTypes.NS_NETWORKS;
import static io.promsd.sd.docker.EngineTypes.P_IP;
import static io.promsd.sd.docker.EngineTypes.P_PRIVATE;
import static io.promsd.sd.docker.EngineTypes.P_PUBLIC;
import static io.promsd.sd.docker.EngineTypes.P_TYPE;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets of one Docker refresh, as {@code DockerDiscovery.refresh} in Prometheus's {@code
 * discovery/moby/docker.go} builds them: for each named container, for each of its networks, one
 * target per TCP port at {@code networkIP:privatePort}, or, without a TCP port, one target at
 * {@code networkIP:port} ({@code host_networking_host} in {@code host} network mode).
 *
 * <p>3.x adds {@code __meta_docker_container_image} and {@code _image_id}, lets a container in
 * {@code container:<id>} network mode without networks of its own use those of the container it
 * shares (following the chain), keeps only the first network by name when {@code
 * match_first_network} is on, skips null networks, and falls back to the global IPv6 address when a
 * network has no IPv4 one. Go iterates a container's networks in random order; promsd keeps the
 * order of the daemon's answer.
 */
final class ContainerTargets {
  private ContainerTargets() {}

  static final String PREFIX = "__meta_docker_";
  private static final String ID = PREFIX + "container_id";
  private static final String NAME = PREFIX + "container_name";
  private static final String NETWORK_MODE = PREFIX + "container_network_mode";
  private static final String IMAGE = PREFIX + "container_image";
  private static final String IMAGE_ID = PREFIX + "container_image_id";
  private static final String LABEL = PREFIX + "container_label_";
  private static final String NETWORK_IP = PREFIX + "network_ip";
  private static final String PORT_PRIVATE = PREFIX + "port_private";
  private static final String PORT_PUBLIC = PREFIX + "port_public";
  private static final String PORT_PUBLIC_IP = PREFIX + "port_public_ip";

  /** What Go panics with on a nil pointer; Prometheus would crash, promsd fails the refresh. */
  static final String NIL_DEREFERENCE =
      "runtime error: invalid memory address or nil pointer dereference";

  /** A refresh that cannot complete (Prometheus would panic). */
  static final class PanicException extends Exception {
    private static final long serialVersionUID = 1L;

    PanicException(String what) {
      super(NIL_DEREFERENCE + " (" + what + ")", null, false, false);
    }
  }

  static List<Labels> of(
      List<Object> containers, Map<String, Labels> networkLabels, DockerSdConfig cfg)
      throws PanicException {
    boolean v3 = cfg.compat() == Compat.PROMETHEUS_3;
    Map<String, Object[]> byId = new HashMap<>();
    if (v3) {
      for (Object o : containers) {
        byId.put(str((Object[]) o, C_ID), (Object[]) o);
      }
    }
    String fallbackPort = Long.toUnsignedString(cfg.port()); // strconv.FormatUint(uint64(port))
    List<Labels> targets = new ArrayList<>(containers.size() * 2);
    for (Object o : containers) {
      Object[] c = (Object[]) o;
      List<Object> names = EngineTypes.list(c, C_NAMES);
      if (names.isEmpty()) {
        continue;
      }
      String networkMode = str(obj(c, C_HOST_CONFIG), HC_NETWORK_MODE);
      Labels.Builder cb = Labels.builder();
      cb.set(ID, str(c, C_ID));
      cb.set(NAME, NetworkLabels.value(names.get(0)));
      cb.set(NETWORK_MODE, networkMode);
      if (v3) {
        cb.set(IMAGE, str(c, C_IMAGE));
        cb.set(IMAGE_ID, str(c, C_IMAGE_ID));
      }
      for (Map.Entry<String, Object> e : mapOf(c, C_LABELS).entrySet()) {
        cb.set(LABEL + LabelNames.sanitize(e.getKey()), NetworkLabels.value(e.getValue()));
      }
      Labels common = cb.build();

      Map<String, Object> networks = networks(c, str(c, C_ID));
      if (v3) {
        networks = sharedNetworks(networks, networkMode, byId);
        if (cfg.matchFirstNetwork() && networks.size() > 1) {
          networks = firstNetwork(networks);
        }
      }
      List<Object> ports = EngineTypes.list(c, C_PORTS);
      for (Map.Entry<String, Object> ne : networks.entrySet()) {
        Object[] n = (Object[]) ne.getValue();
        if (n == null) {
          if (v3) {
            continue;
          }
          throw new PanicException("container " + str(c, C_ID) + " network " + ne.getKey());
        }
        String ip = str(n, EP_IP);
        if (v3 && ip.isEmpty()) {
          ip = str(n, EP_IPV6);
        }
        Labels net = networkLabels.getOrDefault(str(n, EP_NETWORK_ID), Labels.empty());
        boolean added = false;
        for (Object po : ports) {
          Object[] p = (Object[]) po;
          if (!str(p, P_TYPE).equals("tcp")) {
            continue;
          }
          String privatePort = Long.toString(num(p, P_PRIVATE));
          Labels.Builder t = common.toBuilder();
          t.set(NETWORK_IP, ip);
          t.set(PORT_PRIVATE, privatePort);
          long publicPort = num(p, P_PUBLIC);
          if (publicPort > 0) {
            t.set(PORT_PUBLIC, Long.toString(publicPort));
            t.set(PORT_PUBLIC_IP, str(p, P_IP));
          }
          t.setAll(net);
          t.set("__address__", GoNet.joinHostPort(ip, privatePort));
          targets.add(t.build());
          added = true;
        }
        if (!added) {
          // No exposed TCP port: the configured port, or the host in host networking mode.
          Labels.Builder t = common.toBuilder();
          t.set(NETWORK_IP, ip);
          t.setAll(net);
          String addr =
              networkMode.equals("host")
                  ? cfg.hostNetworkingHost()
                  : GoNet.joinHostPort(ip, fallbackPort);
          t.set("__address__", addr);
          targets.add(t.build());
        }
      }
    }
    return targets;
  }

  private static Map<String, Object> networks(Object[] c, String id) throws PanicException {
    Object[] settings = obj(c, C_NETWORK_SETTINGS);
    if (settings == null) {
      // Go reads c.NetworkSettings.Networks through a nil pointer.
      throw new PanicException("container " + id + " without NetworkSettings");
    }
    return mapOf(settings, NS_NETWORKS);
  }

  /** 3.x: a container without networks uses those of the container whose network it joined. */
  private static Map<String, Object> sharedNetworks(
      Map<String, Object> networks, String mode, Map<String, Object[]> byId) throws PanicException {
    // A chain longer than the container count is a cycle (Prometheus would loop forever).
    for (int hops = 0; networks.isEmpty() && mode.startsWith("container:"); hops++) {
      Object[] other = byId.get(mode.substring("container:".length()));
      if (other == null || hops > byId.size()) {
        break;
      }
      networks = networks(other, str(other, C_ID));
      mode = str(obj(other, C_HOST_CONFIG), HC_NETWORK_MODE);
    }
    return networks;
  }

  /** 3.x match_first_network: the non-null network whose name sorts first. */
  private static Map<String, Object> firstNetwork(Map<String, Object> networks) {
    String first = null;
    for (Map.Entry<String, Object> e : networks.entrySet()) {
      if (e.getValue() != null
          && (first == null || Labels.NAME_ORDER.compare(e.getKey(), first) < 0)) {
        first = e.getKey();
      }
    }
    if (first == null) {
      return networks;
    }
    Map<String, Object> one = new LinkedHashMap<>(2);
    one.put(first, networks.get(first));
    return one;
  }
}
