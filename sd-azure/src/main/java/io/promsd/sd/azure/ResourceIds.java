package io.promsd.sd.azure;

import io.promsd.relabel.internal.config.GoText;
import java.util.ArrayList;
import java.util.List;

/** Resource group and name out of an ARM resource id, as each Prometheus reads them. */
final class ResourceIds {
  /** A parsed id. */
  record Parsed(String resourceGroup, String name) {}

  private ResourceIds() {}

  /**
   * 2.42's {@code newAzureResourceFromID}: exactly 9 or 11 {@code /}-separated parts, both lower
   * cased.
   */
  static Parsed parse2(String id) throws AzureException {
    String[] s = id.split("/", -1);
    if (s.length != 9 && s.length != 11) {
      throw new AzureException("invalid ID '" + id + "'. Refusing to create azureResource");
    }
    return new Parsed(GoText.toLower(s[4]), GoText.toLower(s[8]));
  }

  /**
   * 3.x's {@code arm.ParseResourceID} (azcore/arm/internal/resource/resource_identifier.go), as far
   * as discovery reads it: the id starts with {@code /}, its first part is {@code subscriptions} or
   * {@code providers}, empty parts are dropped, the resource group is the value after {@code
   * resourceGroups} (any case) and the name is the last value (empty when the id ends in a type).
   */
  static Parsed parse3(String id) throws AzureException {
    if (id.isEmpty()) {
      throw new AzureException("invalid ID '': invalid resource ID: id cannot be empty");
    }
    if (!id.startsWith("/")) {
      throw new AzureException(
          "invalid ID '"
              + id
              + "': invalid resource ID: resource id '"
              + id
              + "' must start with '/'");
    }
    List<String> parts = new ArrayList<>();
    for (String p : id.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    if (parts.size() < 2
        || !(parts.get(0).equalsIgnoreCase("subscriptions")
            || parts.get(0).equalsIgnoreCase("providers"))) {
      throw new AzureException("invalid ID '" + id + "': invalid resource ID: " + id);
    }
    String rg = "";
    for (int i = 0; i + 1 < parts.size(); i++) {
      if (parts.get(i).equalsIgnoreCase("resourceGroups")) {
        rg = parts.get(i + 1);
        break;
      }
    }
    if (parts.get(parts.size() - 1).equalsIgnoreCase("resourceGroups") || (parts.size() == 1)) {
      throw new AzureException("invalid ID '" + id + "': invalid resource ID: " + id);
    }
    int providers = -1;
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).equalsIgnoreCase("providers")) {
        providers = i;
        break;
      }
    }
    String name;
    if (providers < 0) {
      name = parts.size() % 2 == 0 ? parts.get(parts.size() - 1) : "";
    } else {
      // After providers/<namespace>: type/name pairs; an odd tail is a type without a name.
      int rest = parts.size() - (providers + 2);
      name = rest > 0 && rest % 2 == 0 ? parts.get(parts.size() - 1) : "";
    }
    return new Parsed(rg, name);
  }
}
