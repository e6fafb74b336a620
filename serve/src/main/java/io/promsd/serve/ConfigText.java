package io.promsd.serve;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The config file's text with every secret replaced by {@code <secret>}, as Prometheus's {@code
 * config.Secret} marshals (prometheus/common {@code config/config.go}). The rest of the text is
 * kept as written, comments included, rather than re-marshalled with Prometheus's defaults.
 */
final class ConfigText {
  private ConfigText() {}

  static final String SECRET = "<secret>";

  // The yaml names of config.Secret fields in Prometheus 3.x and prometheus/common.
  private static final Set<String> SECRET_KEYS =
      Set.of(
          "password",
          "credentials",
          "bearer_token",
          "client_secret",
          "secret_key",
          "token",
          "auth_token",
          "application_credential_secret",
          "application_secret",
          "consumer_key",
          "key_passphrase",
          "private_key",
          "service_account_key");

  /** The text with secrets hidden; a text that does not parse gives a note instead of itself. */
  static String hideSecrets(String text) {
    Node root;
    try {
      LoaderOptions o = new LoaderOptions();
      o.setAllowDuplicateKeys(true);
      o.setCodePointLimit(Integer.MAX_VALUE);
      root = new Yaml(o).compose(new StringReader(text));
    } catch (RuntimeException e) {
      return "# the config file does not parse as YAML any more; it is not shown\n";
    }
    if (root == null) {
      return text;
    }
    List<int[]> ranges = new ArrayList<>();
    walk(root, null, false, ranges);
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder sb = new StringBuilder(text.length());
    int at = 0;
    for (int[] r : ranges) {
      // SnakeYAML's marks count code points
      int start = text.offsetByCodePoints(0, r[0]);
      int end = text.offsetByCodePoints(0, r[1]);
      while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--; // a block scalar's end mark is after its line break
      }
      if (start < at) {
        continue;
      }
      sb.append(text, at, start).append(SECRET);
      at = end;
    }
    return sb.append(text, at, text.length()).toString();
  }

  private static void walk(Node n, String key, boolean inTls, List<int[]> out) {
    if (n instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        Node v = t.getValueNode();
        boolean secret =
            SECRET_KEYS.contains(k)
                || (inTls && k.equals("key"))
                || key != null && key.equals("proxy_connect_header");
        if (secret && v instanceof ScalarNode s && !s.getValue().isEmpty()) {
          out.add(range(v));
        } else if (secret && v instanceof SequenceNode seq) {
          seq.getValue().forEach(item -> out.add(range(item)));
        } else if (k.equals("secrets") && v instanceof SequenceNode seq) {
          seq.getValue().forEach(item -> out.add(range(item))); // http_headers
        } else {
          walk(v, k, k.equals("tls_config"), out);
        }
      }
    } else if (n instanceof SequenceNode s) {
      for (Node item : s.getValue()) {
        walk(item, key, false, out);
      }
    }
  }

  private static int[] range(Node n) {
    return new int[] {n.getStartMark().getIndex(), n.getEndMark().getIndex()};
  }
}
