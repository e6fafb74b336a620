package io.promsd.sd.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Consul's JSON responses the way Go's {@code encoding/json} decodes them into the
 * hashicorp client's types: only the first JSON value is read (trailing bytes are ignored), field
 * names match case-insensitively, {@code null} leaves the zero value, and a value of the wrong type
 * fails the whole response with a {@code json: cannot unmarshal …} error. An empty body is {@code
 * EOF}.
 */
final class ConsulJson {
  private ConsulJson() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** {@code Agent().Self()} then {@code info["Config"]["Datacenter"].(string)}. */
  static String datacenter(byte[] body) {
    JsonNode root = parse(body);
    JsonNode config = null;
    if (!root.isNull()) {
      requireKind(root, JsonNodeType.OBJECT, "Go value of type map[string]map[string]interface {}");
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue();
        if (!v.isNull()) {
          requireKind(v, JsonNodeType.OBJECT, "Go value of type map[string]interface {}");
        }
        if (e.getKey().equals("Config")) {
          config = v.isNull() ? null : v;
        }
      }
    }
    JsonNode dc = config == null ? null : config.get("Datacenter");
    if (dc == null || !dc.isTextual()) {
      throw new ConsulException(
          "invalid value '" + goValue(dc) + "' for Config.Datacenter"); // consul.go getDatacenter
    }
    return dc.textValue();
  }

  /** {@code Catalog().Services()}: service name to its tags ({@code map[string][]string}). */
  static Map<String, List<String>> catalog(byte[] body) {
    JsonNode root = parse(body);
    if (root.isNull()) {
      return Map.of();
    }
    requireKind(root, JsonNodeType.OBJECT, "Go value of type map[string][]string");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      out.put(e.getKey(), stringList(e.getValue(), "Go value of type []string", "Go value"));
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code Health().ServiceMultipleTags()}: the service's instances ({@code []*ServiceEntry}). */
  static List<ServiceEntry> health(byte[] body) {
    JsonNode root = parse(body);
    if (root.isNull()) {
      return List.of();
    }
    requireKind(root, JsonNodeType.ARRAY, "Go value of type []*api.ServiceEntry");
    List<ServiceEntry> out = new ArrayList<>(root.size());
    for (JsonNode item : root) {
      if (item.isNull()) {
        // Prometheus would dereference a nil *ServiceEntry and panic; we skip it.
        continue;
      }
      requireKind(item, JsonNodeType.OBJECT, "Go value of type api.ServiceEntry");
      out.add(entry(item));
    }
    return List.copyOf(out);
  }

  private static ServiceEntry entry(JsonNode o) {
    JsonNode n = field(o, "Node");
    ServiceEntry.NodeInfo node = ServiceEntry.NO_NODE;
    if (n != null && !n.isNull()) {
      requireKind(n, JsonNodeType.OBJECT, "Go struct field ServiceEntry.Node of type api.Node");
      node =
          new ServiceEntry.NodeInfo(
              string(field(n, "Node"), "Node", "Node.Node"),
              string(field(n, "Address"), "Node", "Node.Address"),
              stringMap(field(n, "Meta"), "Node", "Node.Meta"),
              stringMap(field(n, "TaggedAddresses"), "Node", "Node.TaggedAddresses"));
    }
    JsonNode s = field(o, "Service");
    ServiceEntry.ServiceInfo service = ServiceEntry.NO_SERVICE;
    if (s != null && !s.isNull()) {
      requireKind(
          s, JsonNodeType.OBJECT, "Go struct field ServiceEntry.Service of type api.AgentService");
      service =
          new ServiceEntry.ServiceInfo(
              string(field(s, "ID"), "AgentService", "Service.ID"),
              stringList(
                  field(s, "Tags"),
                  "Go struct field AgentService.Service.Tags of type []string",
                  "Go struct field AgentService.Service.Tags"),
              string(field(s, "Address"), "AgentService", "Service.Address"),
              stringMap(field(s, "Meta"), "AgentService", "Service.Meta"),
              integer(field(s, "Port"), "AgentService", "Service.Port"),
              string(field(s, "Namespace"), "AgentService", "Service.Namespace"),
              string(field(s, "Partition"), "AgentService", "Service.Partition"));
    }
    List<ServiceEntry.Check> checks = new ArrayList<>();
    JsonNode c = field(o, "Checks");
    if (c != null && !c.isNull()) {
      requireKind(
          c, JsonNodeType.ARRAY, "Go struct field ServiceEntry.Checks of type api.HealthChecks");
      for (JsonNode check : c) {
        if (check.isNull()) {
          continue; // a nil *HealthCheck would panic in AggregatedStatus; we skip it
        }
        requireKind(
            check,
            JsonNodeType.OBJECT,
            "Go struct field ServiceEntry.Checks of type api.HealthCheck");
        checks.add(
            new ServiceEntry.Check(
                string(field(check, "CheckID"), "HealthCheck", "Checks.CheckID"),
                string(field(check, "Status"), "HealthCheck", "Checks.Status")));
      }
    }
    return new ServiceEntry(node, service, List.copyOf(checks));
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new ConsulException("EOF");
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new ConsulException("EOF");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ConsulException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConsulException("invalid JSON: " + e.getMessage());
    }
  }

  /**
   * The value of a struct field: Go matches keys case-insensitively (an exact match first) and a
   * later key overwrites an earlier one.
   */
  private static JsonNode field(JsonNode obj, String name) {
    JsonNode exact = obj.get(name);
    if (exact != null) {
      return exact;
    }
    JsonNode found = null;
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        found = e.getValue();
      }
    }
    return found;
  }

  private static void requireKind(JsonNode n, JsonNodeType kind, String target) {
    if (n.getNodeType() != kind) {
      throw typeError(n, target);
    }
  }

  private static ConsulException typeError(JsonNode n, String target) {
    return new ConsulException("json: cannot unmarshal " + jsonKind(n) + " into " + target);
  }

  private static String jsonKind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case STRING, BINARY -> "string";
      case BOOLEAN -> "bool";
      case NUMBER -> "number";
      default -> "null";
    };
  }

  private static String string(JsonNode n, String struct, String path) {
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isTextual()) {
      throw typeError(n, "Go struct field " + struct + "." + path + " of type string");
    }
    return n.textValue();
  }

  private static long integer(JsonNode n, String struct, String path) {
    if (n == null || n.isNull()) {
      return 0;
    }
    String target = "Go struct field " + struct + "." + path + " of type int";
    if (!n.isNumber()) {
      throw typeError(n, target);
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new ConsulException("json: cannot unmarshal number " + n.asText() + " into " + target);
    }
    return n.longValue();
  }

  private static List<String> stringList(JsonNode n, String target, String itemTarget) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw typeError(n, target);
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode item : n) {
      if (item.isNull()) {
        out.add("");
      } else if (item.isTextual()) {
        out.add(item.textValue());
      } else {
        throw typeError(item, itemTarget + " of type string");
      }
    }
    return List.copyOf(out);
  }

  private static Map<String, String> stringMap(JsonNode n, String struct, String path) {
    if (n == null || n.isNull()) {
      return Map.of();
    }
    String target = "Go struct field " + struct + "." + path;
    if (!n.isObject()) {
      throw typeError(n, target + " of type map[string]string");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        out.put(e.getKey(), "");
      } else if (v.isTextual()) {
        out.put(e.getKey(), v.textValue());
      } else {
        throw typeError(v, target + " of type string");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Go's {@code %v} of a decoded {@code interface{}} value. */
  static String goValue(JsonNode n) {
    if (n == null || n.isNull()) {
      return "<nil>";
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return Boolean.toString(n.booleanValue());
    }
    if (n.isNumber()) {
      return goFloat(n.decimalValue());
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (JsonNode item : n) {
        if (sb.length() > 1) {
          sb.append(' ');
        }
        sb.append(goValue(item));
      }
      return sb.append(']').toString();
    }
    // a map prints its keys sorted: map[a:1 b:2]
    List<String> keys = new ArrayList<>();
    n.fieldNames().forEachRemaining(keys::add);
    Collections.sort(keys);
    StringBuilder sb = new StringBuilder("map[");
    for (String k : keys) {
      if (sb.length() > 4) {
        sb.append(' ');
      }
      sb.append(k).append(':').append(goValue(n.get(k)));
    }
    return sb.append(']').toString();
  }

  /**
   * {@code strconv.FormatFloat(f, 'g', -1, 64)}, which {@code %v} uses for a JSON number: the
   * shortest digits, in exponent form when the exponent is below -4 or at least 6 ({@code
   * fmt.Println(1e6)} prints {@code 1e+06}).
   */
  private static String goFloat(BigDecimal d) {
    double f = d.doubleValue();
    if (f == 0) {
      return (1 / f < 0) ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(f)).stripTrailingZeros();
    BigInteger unscaled = shortest.unscaledValue().abs();
    String digits = unscaled.toString();
    int exp = digits.length() - 1 - shortest.scale();
    String sign = shortest.signum() < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = exp < 0 ? "-" + pad2(-exp) : "+" + pad2(exp);
      return sign + mant + "e" + e;
    }
    return sign + shortest.abs().toPlainString();
  }

  private static String pad2(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
