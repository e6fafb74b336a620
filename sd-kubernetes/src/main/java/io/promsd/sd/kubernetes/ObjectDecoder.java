package io.promsd.sd.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.promsd.sd.kubernetes.KubeObject.Address;
import io.promsd.sd.kubernetes.KubeObject.Condition;
import io.promsd.sd.kubernetes.KubeObject.Container;
import io.promsd.sd.kubernetes.KubeObject.ContainerPort;
import io.promsd.sd.kubernetes.KubeObject.EndpointAddress;
import io.promsd.sd.kubernetes.KubeObject.EndpointPort;
import io.promsd.sd.kubernetes.KubeObject.IngressRule;
import io.promsd.sd.kubernetes.KubeObject.ObjectMeta;
import io.promsd.sd.kubernetes.KubeObject.ObjectRef;
import io.promsd.sd.kubernetes.KubeObject.OwnerRef;
import io.promsd.sd.kubernetes.KubeObject.ServicePort;
import io.promsd.sd.kubernetes.KubeObject.SliceEndpoint;
import io.promsd.sd.kubernetes.KubeObject.SlicePort;
import io.promsd.sd.kubernetes.KubeObject.Subset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns API objects (JSON trees) into {@link KubeObject}s, keeping only what discovery reads.
 *
 * <p>Tolerant on purpose: client-java's generated models reject any field they do not know and any
 * required field that is missing (their {@code validateJsonElement}), so a cluster newer than the
 * client could stop discovery. Here an unknown field is ignored, a missing one takes Go's zero
 * value, and a field of the wrong type counts as missing: the same object Prometheus's Go client
 * would have decoded, as far as the labels can tell. Thread-safe.
 */
final class ObjectDecoder {
  // Low-cardinality strings (namespaces, node names, images, label keys, phases) repeat across
  // tens of thousands of objects: share one instance each. Bounded so that a churn of unique
  // values cannot grow it without limit.
  private static final int MAX_SHARED = 200_000;
  private final Map<String, String> shared = new ConcurrentHashMap<>();

  String share(String s) {
    if (s.isEmpty()) {
      return "";
    }
    String prev = shared.get(s);
    if (prev != null) {
      return prev;
    }
    if (shared.size() >= MAX_SHARED) {
      return s;
    }
    prev = shared.putIfAbsent(s, s);
    return prev == null ? s : prev;
  }

  KubeObject decode(ResourceKind kind, JsonObject o) {
    ObjectMeta meta = meta(obj(o, "metadata"), kind.namespaced());
    return switch (kind) {
      case PODS -> pod(meta, o);
      case NODES -> node(meta, o);
      case SERVICES -> service(meta, o);
      case ENDPOINTS -> endpoints(meta, o);
      case ENDPOINTSLICES -> endpointSlice(meta, o);
      case INGRESSES -> ingress(meta, o);
      case NAMESPACES, REPLICASETS, JOBS -> new KubeObject.MetaOnly(meta);
    };
  }

  /** The resourceVersion of an object (for bookmarks and Status objects too). */
  static String resourceVersion(JsonObject o) {
    return str(obj(o, "metadata"), "resourceVersion");
  }

  ObjectMeta meta(JsonObject m, boolean namespaced) {
    OwnerRef controller = null;
    for (JsonObject ref : objects(arr(m, "ownerReferences"))) {
      JsonElement c = ref.get("controller");
      if (c != null
          && c.isJsonPrimitive()
          && c.getAsJsonPrimitive().isBoolean()
          && c.getAsBoolean()) {
        controller = new OwnerRef(share(str(ref, "kind")), share(str(ref, "name")));
        break;
      }
    }
    return new ObjectMeta(
        str(m, "name"),
        namespaced ? share(str(m, "namespace")) : "",
        str(m, "uid"),
        str(m, "resourceVersion"),
        stringMap(obj(m, "labels")),
        stringMap(obj(m, "annotations")),
        controller);
  }

  private KubeObject.Pod pod(ObjectMeta meta, JsonObject o) {
    JsonObject spec = obj(o, "spec");
    JsonObject status = obj(o, "status");
    String ready = null;
    for (JsonObject c : objects(arr(status, "conditions"))) {
      if (str(c, "type").equals("Ready")) {
        ready = share(str(c, "status"));
        break;
      }
    }
    return new KubeObject.Pod(
        meta,
        share(str(spec, "nodeName")),
        str(status, "podIP"),
        share(str(status, "hostIP")),
        share(str(status, "phase")),
        ready,
        containers(arr(spec, "containers")),
        containers(arr(spec, "initContainers")),
        containerIds(arr(status, "containerStatuses")),
        containerIds(arr(status, "initContainerStatuses")));
  }

  private List<Container> containers(JsonArray a) {
    List<Container> out = new ArrayList<>();
    for (JsonObject c : objects(a)) {
      List<ContainerPort> ports = new ArrayList<>();
      for (JsonObject p : objects(arr(c, "ports"))) {
        ports.add(
            new ContainerPort(
                share(str(p, "name")), (int) num(p, "containerPort"), share(str(p, "protocol"))));
      }
      out.add(new Container(share(str(c, "name")), share(str(c, "image")), List.copyOf(ports)));
    }
    return List.copyOf(out);
  }

  // The first status per name wins, as findPodContainerStatus returns the first match.
  private Map<String, String> containerIds(JsonArray a) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonObject s : objects(a)) {
      out.putIfAbsent(share(str(s, "name")), str(s, "containerID"));
    }
    return Map.copyOf(out);
  }

  private KubeObject.Node node(ObjectMeta meta, JsonObject o) {
    JsonObject spec = obj(o, "spec");
    JsonObject status = obj(o, "status");
    List<Condition> conditions = new ArrayList<>();
    for (JsonObject c : objects(arr(status, "conditions"))) {
      conditions.add(new Condition(share(str(c, "type")), share(str(c, "status"))));
    }
    List<Address> addresses = new ArrayList<>();
    for (JsonObject a : objects(arr(status, "addresses"))) {
      addresses.add(new Address(share(str(a, "type")), str(a, "address")));
    }
    long port = num(obj(obj(status, "daemonEndpoints"), "kubeletEndpoint"), "Port");
    return new KubeObject.Node(
        meta, str(spec, "providerID"), List.copyOf(conditions), List.copyOf(addresses), port);
  }

  private KubeObject.Service service(ObjectMeta meta, JsonObject o) {
    JsonObject spec = obj(o, "spec");
    List<ServicePort> ports = new ArrayList<>();
    for (JsonObject p : objects(arr(spec, "ports"))) {
      ports.add(new ServicePort(share(str(p, "name")), num(p, "port"), share(str(p, "protocol"))));
    }
    List<String> lbIps = new ArrayList<>();
    for (JsonObject i : objects(arr(obj(obj(o, "status"), "loadBalancer"), "ingress"))) {
      lbIps.add(str(i, "ip"));
    }
    return new KubeObject.Service(
        meta,
        List.copyOf(ports),
        share(str(spec, "type")),
        str(spec, "clusterIP"),
        str(spec, "externalName"),
        str(spec, "loadBalancerIP"),
        List.copyOf(lbIps),
        hasString(spec, "ipFamilyPolicy") ? share(str(spec, "ipFamilyPolicy")) : null,
        strings(arr(spec, "ipFamilies")));
  }

  private KubeObject.Endpoints endpoints(ObjectMeta meta, JsonObject o) {
    List<Subset> subsets = new ArrayList<>();
    for (JsonObject s : objects(arr(o, "subsets"))) {
      List<EndpointPort> ports = new ArrayList<>();
      for (JsonObject p : objects(arr(s, "ports"))) {
        ports.add(
            new EndpointPort(share(str(p, "name")), num(p, "port"), share(str(p, "protocol"))));
      }
      subsets.add(
          new Subset(
              addresses(arr(s, "addresses")),
              addresses(arr(s, "notReadyAddresses")),
              List.copyOf(ports)));
    }
    return new KubeObject.Endpoints(meta, List.copyOf(subsets));
  }

  private List<EndpointAddress> addresses(JsonArray a) {
    List<EndpointAddress> out = new ArrayList<>();
    for (JsonObject e : objects(a)) {
      out.add(
          new EndpointAddress(
              str(e, "ip"),
              str(e, "hostname"),
              hasString(e, "nodeName") ? share(str(e, "nodeName")) : null,
              ref(obj(e, "targetRef"), e.has("targetRef"))));
    }
    return List.copyOf(out);
  }

  private ObjectRef ref(JsonObject r, boolean present) {
    if (!present) {
      return null;
    }
    return new ObjectRef(share(str(r, "kind")), str(r, "name"), share(str(r, "namespace")));
  }

  private KubeObject.EndpointSlice endpointSlice(ObjectMeta meta, JsonObject o) {
    List<SlicePort> ports = new ArrayList<>();
    for (JsonObject p : objects(arr(o, "ports"))) {
      ports.add(
          new SlicePort(
              optShared(p, "name"),
              hasNumber(p, "port") ? num(p, "port") : null,
              optShared(p, "protocol"),
              optShared(p, "appProtocol")));
    }
    List<SliceEndpoint> endpoints = new ArrayList<>();
    for (JsonObject e : objects(arr(o, "endpoints"))) {
      JsonObject c = obj(e, "conditions");
      endpoints.add(
          new SliceEndpoint(
              strings(arr(e, "addresses")),
              optBool(c, "ready"),
              optBool(c, "serving"),
              optBool(c, "terminating"),
              hasString(e, "hostname") ? str(e, "hostname") : null,
              optShared(e, "nodeName"),
              optShared(e, "zone"),
              ref(obj(e, "targetRef"), e.has("targetRef") && !e.get("targetRef").isJsonNull()),
              stringMap(obj(e, "deprecatedTopology"))));
    }
    return new KubeObject.EndpointSlice(
        meta, share(str(o, "addressType")), List.copyOf(ports), List.copyOf(endpoints));
  }

  private KubeObject.Ingress ingress(ObjectMeta meta, JsonObject o) {
    JsonObject spec = obj(o, "spec");
    List<IngressRule> rules = new ArrayList<>();
    for (JsonObject r : objects(arr(spec, "rules"))) {
      List<String> paths = null;
      JsonElement http = r.get("http");
      if (http != null && http.isJsonObject()) {
        paths = new ArrayList<>();
        for (JsonObject p : objects(arr(http.getAsJsonObject(), "paths"))) {
          paths.add(str(p, "path"));
        }
        paths = List.copyOf(paths);
      }
      rules.add(new IngressRule(str(r, "host"), paths));
    }
    List<String> tlsHosts = new ArrayList<>();
    for (JsonObject t : objects(arr(spec, "tls"))) {
      tlsHosts.addAll(strings(arr(t, "hosts")));
    }
    return new KubeObject.Ingress(
        meta, optShared(spec, "ingressClassName"), List.copyOf(rules), List.copyOf(tlsHosts));
  }

  // ---- tolerant JSON access: wrong types read as absent ----

  private static final JsonObject EMPTY = new JsonObject();
  private static final JsonArray NONE = new JsonArray();

  static JsonObject obj(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : EMPTY;
  }

  static JsonArray arr(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : NONE;
  }

  static String str(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e != null && e.isJsonPrimitive()) {
      JsonPrimitive p = e.getAsJsonPrimitive();
      if (p.isString()) {
        return p.getAsString();
      }
    }
    return "";
  }

  private static boolean hasString(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static boolean hasNumber(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  private static long num(JsonObject o, String name) {
    if (!hasNumber(o, name)) {
      return 0;
    }
    try {
      return o.get(name).getAsLong();
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String optShared(JsonObject o, String name) {
    return hasString(o, name) ? share(str(o, name)) : null;
  }

  private static Boolean optBool(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    return null;
  }

  private static Iterable<JsonObject> objects(JsonArray a) {
    List<JsonObject> out = new ArrayList<>(a.size());
    for (JsonElement e : a) {
      if (e.isJsonObject()) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>(a.size());
    for (JsonElement e : a) {
      if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
        out.add(e.getAsString());
      }
    }
    return List.copyOf(out);
  }

  private Map<String, String> stringMap(JsonObject o) {
    if (o.size() == 0) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
        out.put(share(e.getKey()), share(v.getAsString()));
      }
    }
    return Map.copyOf(out);
  }
}
