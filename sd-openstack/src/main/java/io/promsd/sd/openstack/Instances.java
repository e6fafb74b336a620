package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets of role {@code instance}, as Prometheus's {@code InstanceDiscovery.refresh} ({@code
 * discovery/openstack/instance.go}) builds them: one per address of every pool of every server,
 * skipping servers without addresses, servers whose flavor has no string id (3.x: no string {@code
 * original_name} either), and addresses that are themselves floating IPs; {@code public_ip} is the
 * floating IP bound to the server's address (2.42: Nova's {@code instance_id} and {@code fixed_ip};
 * 3.x: Neutron's port, mapped to its {@code device_id}, and {@code fixed_ip_address}).
 */
final class Instances {
  private static final Logger logger = LoggerFactory.getLogger(Instances.class);

  static final String META = "__meta_openstack_";
  static final String ADDRESS_POOL = META + "address_pool";
  static final String INSTANCE_FLAVOR = META + "instance_flavor";
  static final String INSTANCE_ID = META + "instance_id";
  static final String INSTANCE_IMAGE = META + "instance_image";
  static final String INSTANCE_NAME = META + "instance_name";
  static final String INSTANCE_STATUS = META + "instance_status";
  static final String PRIVATE_IP = META + "private_ip";
  static final String PROJECT_ID = META + "project_id";
  static final String PUBLIC_IP = META + "public_ip";
  static final String TAG = META + "tag_";
  static final String USER_ID = META + "user_id";

  /** Floating IPs by (server, fixed address), and the set of every floating address. */
  static final class FloatingIps {
    private final Map<String, String> byServerAndFixed = new HashMap<>();
    private final Set<String> present = new HashSet<>();

    void add(String server, String fixed, String floating) {
      byServerAndFixed.put(server + '\u0000' + fixed, floating);
      present.add(floating);
    }

    String of(String server, String fixed) {
      return byServerAndFixed.get(server + '\u0000' + fixed);
    }

    boolean isFloating(String address) {
      return present.contains(address);
    }
  }

  private Instances() {}

  /** 2.42: Nova's {@code os-floating-ips} items. */
  static void addNovaFloatingIps(List<JsonNode> items, FloatingIps into) throws OpenStackException {
    for (JsonNode ip : items) {
      String instance = GoJson.string(ip, "instance_id", "floatingips.FloatingIP");
      String fixed = GoJson.string(ip, "fixed_ip", "floatingips.FloatingIP");
      String address = GoJson.string(ip, "ip", "floatingips.FloatingIP");
      if (instance.isEmpty() || fixed.isEmpty()) {
        continue; // not associated
      }
      into.add(instance, fixed, address);
    }
  }

  /** 3.x: Neutron's {@code floatingips} items, their ports mapped to devices by {@code ports}. */
  static void addNeutronFloatingIps(
      List<JsonNode> items, Map<String, String> deviceOfPort, FloatingIps into)
      throws OpenStackException {
    for (JsonNode ip : items) {
      String port = GoJson.string(ip, "port_id", "floatingips.FloatingIP");
      String fixed = GoJson.string(ip, "fixed_ip_address", "floatingips.FloatingIP");
      String address = GoJson.string(ip, "floating_ip_address", "floatingips.FloatingIP");
      if (port.isEmpty() || fixed.isEmpty()) {
        continue;
      }
      String device = deviceOfPort.get(port);
      if (device == null) {
        logger.warn("floating ip port not found in port list port_id={}", port);
        continue;
      }
      into.add(device, fixed, address);
    }
  }

  /**
   * Appends the targets of one page of servers.
   *
   * @throws OpenStackException when a server's JSON has a type Go would refuse
   */
  static void addTargets(
      List<JsonNode> servers, FloatingIps fips, String port, Compat compat, List<Labels> out)
      throws OpenStackException {
    for (JsonNode s : servers) {
      if (!s.isObject()) {
        throw GoJson.typeError(s, "servers", "servers.Server");
      }
      String id = GoJson.string(s, "id", "servers.Server");
      String tenant = GoJson.string(s, "tenant_id", "servers.Server");
      String user = GoJson.string(s, "user_id", "servers.Server");
      String name = GoJson.string(s, "name", "servers.Server");
      String status = GoJson.string(s, "status", "servers.Server");
      JsonNode flavor = GoJson.object(s, "flavor", "servers.Server", "map[string]interface {}");
      JsonNode addresses =
          GoJson.object(s, "addresses", "servers.Server", "map[string]interface {}");
      JsonNode metadata = GoJson.object(s, "metadata", "servers.Server", "map[string]string");
      if (metadata != null) {
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
          JsonNode v = e.getValue();
          if (!v.isNull() && !v.isTextual()) {
            throw GoJson.typeError(v, "servers.Server.metadata", "string");
          }
        }
      }
      checkOtherFields(s);
      JsonNode image = s.get("image");
      if (addresses == null || addresses.isEmpty()) {
        logger.info("got no ip address instance={}", id);
        continue;
      }
      Labels.Builder b =
          Labels.builder()
              .set(INSTANCE_ID, id)
              .set(INSTANCE_STATUS, status)
              .set(INSTANCE_NAME, name)
              .set(PROJECT_ID, tenant)
              .set(USER_ID, user);
      String flavorLabel = flavor(flavor, compat);
      if (flavorLabel == null) {
        continue;
      }
      b.set(INSTANCE_FLAVOR, flavorLabel);
      if (compat == Compat.PROMETHEUS_3 && image != null && image.isObject()) {
        JsonNode imageId = image.get("id");
        if (imageId != null && imageId.isTextual()) {
          b.set(INSTANCE_IMAGE, imageId.textValue());
        }
      }
      if (metadata != null) {
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
          b.set(TAG + LabelNames.sanitize(e.getKey()), e.getValue().asText(""));
        }
      }
      Labels common = b.build();
      for (Map.Entry<String, JsonNode> pool : addresses.properties()) {
        if (!pool.getValue().isArray()) {
          logger.warn("invalid type for address, expected array instance={}", id);
          continue;
        }
        for (JsonNode a : pool.getValue()) {
          if (!a.isObject()) {
            logger.warn("invalid type for address, expected dict instance={}", id);
            continue;
          }
          JsonNode addr = a.get("addr");
          if (addr == null || !addr.isTextual()) {
            logger.warn("invalid type for address, expected string instance={}", id);
            continue;
          }
          String ip = addr.textValue();
          if (fips.isFloating(ip)) {
            continue;
          }
          Labels.Builder t = common.toBuilder();
          t.set(ADDRESS_POOL, pool.getKey());
          t.set(PRIVATE_IP, ip);
          String pub = fips.of(id, ip);
          if (pub != null) {
            t.set(PUBLIC_IP, pub);
          }
          t.set("__address__", GoNet.joinHostPort(ip, port));
          out.add(t.build());
        }
      }
    }
  }

  /**
   * The typed fields of gophercloud's {@code servers.Server} that discovery does not read but Go's
   * decoder still checks: a server with, say, an unparsable {@code updated} time fails the page as
   * it fails Prometheus's refresh.
   */
  private static void checkOtherFields(JsonNode s) throws OpenStackException {
    for (String f : new String[] {"hostid", "accessIPv4", "accessIPv6", "key_name", "adminPass"}) {
      GoJson.string(s, f, "servers.Server");
    }
    GoJson.checkInt(s, "progress", "servers.Server");
    time(s, "updated");
    time(s, "created");
    JsonNode fault = GoJson.object(s, "fault", "servers.Server", "servers.Fault");
    if (fault != null) {
      GoJson.checkInt(fault, "code", "servers.Fault");
      time(fault, "created");
    }
  }

  /** A {@code time.Time} field, checked as Go decodes it ({@link GoTime}). */
  private static void time(JsonNode obj, String field) throws OpenStackException {
    JsonNode v = obj.get(field);
    if (v == null) {
      return;
    }
    String err = GoTime.check(v.toString());
    if (err != null) {
      throw new OpenStackException(err);
    }
  }

  /** The flavor label, or null when the server is skipped (with Prometheus's warning). */
  private static String flavor(JsonNode flavor, Compat compat) {
    if (compat == Compat.PROMETHEUS_3) {
      JsonNode original = flavor == null ? null : flavor.get("original_name");
      if (original != null && original.isTextual()) {
        return original.textValue();
      }
      JsonNode id = flavor == null ? null : flavor.get("id");
      if (id != null && id.isTextual()) {
        return id.textValue();
      }
      logger.warn("invalid type for both flavor original_name and flavor id, expected string");
      return null;
    }
    JsonNode id = flavor == null ? null : flavor.get("id");
    if (id != null && id.isTextual()) {
      return id.textValue();
    }
    logger.warn("invalid type for flavor id, expected string");
    return null;
  }
}
