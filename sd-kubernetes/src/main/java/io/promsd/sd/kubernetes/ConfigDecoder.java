package io.promsd.sd.kubernetes;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Namespaces;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Selector;
import io.promsd.sd.spi.SdConfigSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one {@code kubernetes_sd_configs} entry the way Prometheus's {@code SDConfig.UnmarshalYAML}
 * (discovery/kubernetes/kubernetes.go) does: strict fields, then the checks in Prometheus's order,
 * with its messages. {@code --compat=2} follows v2.42.0: {@code attach_metadata} knows only {@code
 * node}, and the pod role accepts only pod selectors.
 */
final class ConfigDecoder {
  private ConfigDecoder() {}

  private static final String PLAIN = "kubernetes.plain";

  /** Allowed selector roles per role, in Prometheus's order (for the error text). */
  private static Map<Role, List<Role>> allowedSelectors(Compat compat) {
    Map<Role, List<Role>> m = new EnumMap<>(Role.class);
    m.put(
        Role.POD, compat == Compat.PROMETHEUS_2 ? List.of(Role.POD) : List.of(Role.POD, Role.NODE));
    m.put(Role.SERVICE, List.of(Role.SERVICE));
    m.put(Role.ENDPOINTSLICE, List.of(Role.POD, Role.SERVICE, Role.ENDPOINTSLICE));
    m.put(Role.ENDPOINTS, List.of(Role.POD, Role.SERVICE, Role.ENDPOINTS));
    m.put(Role.NODE, List.of(Role.NODE));
    m.put(Role.INGRESS, List.of(Role.INGRESS));
    return m;
  }

  static KubernetesSdConfig decode(SdConfigSource src) {
    Decoder d = src.decoder();
    Compat compat = src.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(src.node(), PLAIN);

    Role role = null;
    URI apiServer = null;
    String kubeconfig = "";
    Namespaces namespaces = Namespaces.all();
    List<RawSelector> selectors = new ArrayList<>();
    AttachMetadata attach = AttachMetadata.none();

    // yaml.v2 decodes fields in document order, so the first failing field fails first.
    for (String key : f.remaining()) {
      switch (key) {
        case "role" -> role = decodeRole(d, f.take(key));
        case "api_server" -> apiServer = decodeUrl(d, f.take(key));
        case "kubeconfig_file" -> kubeconfig = d.string(f.take(key));
        case "namespaces" -> namespaces = decodeNamespaces(d, f.take(key));
        case "selectors" -> selectors = decodeSelectors(d, f.take(key));
        case "attach_metadata" -> attach = decodeAttach(d, f.take(key), compat);
        default -> {
          // the inline HTTP client keys are read below; anything else is reported by finish()
        }
      }
    }
    HttpClientConfig http = HttpClientConfig.decodeInline(f, src.configDir(), compat);
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return null; // Prometheus stops before validating; the type errors are thrown later
    }

    Node where = src.node();
    if (role == null) {
      throw d.error(
          where, "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
    }
    HttpClientConfig httpConfig;
    try {
      httpConfig = http.validate();
    } catch (ConfigException e) {
      throw d.error(where, e.reason());
    }
    if (apiServer != null && !kubeconfig.isEmpty()) {
      throw d.error(where, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    }
    if (!kubeconfig.isEmpty() && !httpConfig.isDefault()) {
      throw d.error(
          where, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    }
    if (apiServer == null && !httpConfig.isDefault()) {
      throw d.error(
          where,
          "to use custom HTTP client configuration please provide the 'api_server' URL"
              + " explicitly");
    }
    if (apiServer != null && namespaces.ownNamespace()) {
      throw d.error(where, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    if (!kubeconfig.isEmpty() && namespaces.ownNamespace()) {
      throw d.error(
          where, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    }
    Map<Role, List<Role>> allowed = allowedSelectors(compat);
    Set<Role> seen = EnumSet.noneOf(Role.class);
    boolean seenMissing = false;
    List<Selector> checked = new ArrayList<>();
    for (RawSelector s : selectors) {
      boolean repeated = s.role() == null ? seenMissing : !seen.add(s.role());
      seenMissing |= s.role() == null;
      if (repeated) {
        throw d.error(
            where, "duplicated selector role: " + (s.role() == null ? "" : s.role().yamlName()));
      }
      List<Role> ok = allowed.get(role);
      if (s.role() == null || !ok.contains(s.role())) {
        throw d.error(
            where,
            role.yamlName()
                + " role supports only "
                + ok.stream().map(Role::yamlName).collect(Collectors.joining(", "))
                + " selectors");
      }
      try {
        FieldSelector.parse(s.field());
        LabelSelector.parse(s.label());
      } catch (IllegalArgumentException e) {
        throw d.error(where, e.getMessage());
      }
      checked.add(new Selector(s.role(), s.label(), s.field()));
    }
    Path kubeconfigPath = kubeconfig.isEmpty() ? null : Path.of(src.resolvePath(kubeconfig));
    return new KubernetesSdConfig(
        role, apiServer, kubeconfigPath, httpConfig, namespaces, checked, attach, compat);
  }

  private static Role decodeRole(Decoder d, Node n) {
    if (n == null || n.isNull()) {
      return null;
    }
    String s = d.string(n);
    if (n.kind() != Node.Kind.SCALAR) {
      return null;
    }
    Role r = Role.byName(s);
    if (r == null) {
      throw d.error(n, "unknown Kubernetes SD role " + GoText.quote(s));
    }
    return r;
  }

  // prometheus/common config.URL: url.Parse of the text; we accept what java.net.URI accepts.
  private static URI decodeUrl(Decoder d, Node n) {
    String s = d.string(n, "string");
    if (s.isEmpty()) {
      return null;
    }
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw d.error(n, "parse " + GoText.quote(s) + ": " + e.getReason());
    }
  }

  private static Namespaces decodeNamespaces(Decoder d, Node n) {
    Fields f = d.struct(n, PLAIN);
    boolean own = d.bool(f.take("own_namespace"), false);
    List<String> names = d.stringList(f.take("names"), "[]string", "string");
    f.finish();
    return new Namespaces(names == null ? List.of() : names, own);
  }

  /**
   * A selector as written; its role may be missing, which validation rejects as Prometheus does.
   */
  private record RawSelector(Role role, String label, String field) {}

  private static List<RawSelector> decodeSelectors(Decoder d, Node n) {
    List<Node> items = d.sequence(n, "[]kubernetes.SelectorConfig");
    List<RawSelector> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (Node item : items) {
      Fields f = d.struct(item, "kubernetes.SelectorConfig");
      Role r = decodeRole(d, f.take("role"));
      String label = d.string(f.take("label"));
      String field = d.string(f.take("field"));
      f.finish();
      out.add(new RawSelector(r, label, field));
    }
    return out;
  }

  private static AttachMetadata decodeAttach(Decoder d, Node n, Compat compat) {
    Fields f = d.struct(n, "kubernetes.AttachMetadataConfig");
    boolean node = d.bool(f.take("node"), false);
    boolean namespace = false;
    boolean deployment = false;
    boolean job = false;
    boolean cronjob = false;
    if (compat != Compat.PROMETHEUS_2) {
      namespace = d.bool(f.take("namespace"), false);
      deployment = d.bool(f.take("deployment"), false);
      job = d.bool(f.take("job"), false);
      cronjob = d.bool(f.take("cronjob"), false);
    }
    f.finish();
    return new AttachMetadata(node, namespace, deployment, job, cronjob);
  }
}
