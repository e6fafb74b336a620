package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import java.util.List;

/**
 * The targets of role {@code hypervisor} ({@code discovery/openstack/hypervisor.go}): one per
 * hypervisor at {@code host_ip:port}. Each item is first checked as gophercloud's {@code
 * Hypervisor.UnmarshalJSON} ({@code compute/v2/extensions/hypervisors/results.go}) checks it: a
 * hypervisor without {@code cpu_info}, {@code hypervisor_version}, {@code free_disk_gb}, {@code
 * local_gb} or {@code id} of the expected types fails the whole refresh, as it does in Prometheus.
 */
final class Hypervisors {
  static final String ID = Instances.META + "hypervisor_id";
  static final String HOST_IP = Instances.META + "hypervisor_host_ip";
  static final String HOSTNAME = Instances.META + "hypervisor_hostname";
  static final String STATUS = Instances.META + "hypervisor_status";
  static final String STATE = Instances.META + "hypervisor_state";
  static final String TYPE = Instances.META + "hypervisor_type";

  private static final String GO = "hypervisors.Hypervisor";
  private static final String[] INTS = {
    "current_workload",
    "disk_available_least",
    "free_ram_mb",
    "local_gb_used",
    "memory_mb",
    "memory_mb_used",
    "running_vms",
    "vcpus",
    "vcpus_used"
  };

  private Hypervisors() {}

  static void addTargets(List<JsonNode> items, String port, List<Labels> out)
      throws OpenStackException {
    for (JsonNode h : items) {
      if (!h.isObject()) {
        throw GoJson.typeError(h, "hypervisors", GO);
      }
      String status = GoJson.string(h, "status", GO);
      String state = GoJson.string(h, "state", GO);
      String hostIp = GoJson.string(h, "host_ip", GO);
      String hostname = GoJson.string(h, "hypervisor_hostname", GO);
      String type = GoJson.string(h, "hypervisor_type", GO);
      for (String f : INTS) {
        GoJson.checkInt(h, f, GO);
      }
      JsonNode service = GoJson.object(h, "service", GO, "hypervisors.Service");
      if (service != null) {
        id(service.get("id"));
      }
      cpuInfo(h.get("cpu_info"));
      number(h.get("hypervisor_version"), "Hypervisor version");
      number(h.get("free_disk_gb"), "Free disk GB");
      number(h.get("local_gb"), "Local GB");
      String id = id(h.get("id"));
      out.add(
          Labels.builder()
              .set("__address__", GoNet.joinHostPort(hostIp, port))
              .set(ID, id)
              .set(HOSTNAME, hostname)
              .set(HOST_IP, hostIp)
              .set(STATUS, status)
              .set(STATE, state)
              .set(TYPE, type)
              .build());
    }
  }

  /** cpu_info: an object, or a string holding JSON (empty is fine). */
  private static void cpuInfo(JsonNode v) throws OpenStackException {
    if (v != null && v.isTextual()) {
      if (!v.textValue().isEmpty()) {
        JsonNode parsed =
            GoJson.parse(v.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!parsed.isObject() && !parsed.isNull()) {
          throw new OpenStackException(
              "json: cannot unmarshal "
                  + GoJson.jsonKind(parsed)
                  + " into Go value of type hypervisors.CPUInfo");
        }
      }
      return;
    }
    if (v != null && v.isObject()) {
      return;
    }
    throw new OpenStackException("CPUInfo has unexpected type: " + GoJson.goType(v));
  }

  private static void number(JsonNode v, String what) throws OpenStackException {
    if (v == null || !v.isNumber()) {
      throw new OpenStackException(what + " has unexpected type: " + GoJson.goType(v));
    }
  }

  /** An id as a string or a number (Go's {@code strconv.Itoa(int(f))}). */
  private static String id(JsonNode v) throws OpenStackException {
    if (v != null && v.isTextual()) {
      return v.textValue();
    }
    if (v != null && v.isNumber()) {
      return Long.toString((long) v.doubleValue());
    }
    throw new OpenStackException("ID has unexpected type: " + GoJson.goType(v));
  }
}
