package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery reads of a VM or scale-set VM (Prometheus's {@code virtualMachine}, filled by
 * {@code mapFromVM} and {@code mapFromVMScaleSetVM} in discovery/azure/azure.go). Missing fields
 * read as empty, where Go would dereference a nil pointer and stop the process.
 */
record VirtualMachine(
    String id,
    String name,
    String computerName,
    String location,
    String osType,
    String scaleSet,
    String instanceId,
    Map<String, String> tags,
    List<String> networkInterfaces,
    String size) {

  VirtualMachine {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    networkInterfaces = List.copyOf(networkInterfaces);
  }

  /** Maps one element of a VM list ({@code scaleSet} empty) or a scale-set VM list. */
  static VirtualMachine of(JsonNode vm, String scaleSet) {
    JsonNode props = vm.path("properties");
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode t = vm.get("tags");
    if (t != null && t.isObject()) {
      for (Map.Entry<String, JsonNode> e : t.properties()) {
        tags.put(e.getKey(), text(e.getValue()));
      }
    }
    List<String> nics = new ArrayList<>();
    for (JsonNode n : props.path("networkProfile").path("networkInterfaces")) {
      nics.add(text(n.get("id")));
    }
    return new VirtualMachine(
        text(vm.get("id")),
        text(vm.get("name")),
        text(props.path("osProfile").get("computerName")),
        text(vm.get("location")),
        text(props.path("storageProfile").path("osDisk").get("osType")),
        scaleSet,
        text(vm.get("instanceId")),
        tags,
        nics,
        text(props.path("hardwareProfile").get("vmSize")));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
  }
}
