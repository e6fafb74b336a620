package io.promsd.sd.httpclient;

import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of one header in {@code http_headers} (prometheus/common's {@code Header}, 3.x only):
 * each value, secret and file content is added to every request, in that order. Files are read on
 * every request and trimmed. Immutable; secrets print as {@code <secret>}.
 *
 * @param values plain values
 * @param secrets secret values
 * @param files files holding values, resolved against the config file's directory
 */
public record HttpHeader(List<String> values, List<Secret> secrets, List<String> files) {
  /** Copies. */
  public HttpHeader {
    values = List.copyOf(values);
    secrets = List.copyOf(secrets);
    files = List.copyOf(files);
  }

  /** Decodes one entry's value ({@code config.Header} in Go's messages). */
  static HttpHeader decode(Node n, Decoder d, Path configDir) {
    Fields f = d.struct(n, "config.Header");
    List<String> values = orEmpty(d.stringList(f.take("values"), "[]string", "string"));
    List<Secret> secrets = new ArrayList<>();
    List<Node> items = d.sequence(f.take("secrets"), "[]config.Secret");
    if (items != null) {
      for (Node item : items) {
        secrets.add(Secret.decode(d, item));
      }
    }
    List<String> files = new ArrayList<>();
    for (String file : orEmpty(d.stringList(f.take("files"), "[]string", "string"))) {
      files.add(GoPath.joinDir(configDir, file));
    }
    f.finish();
    return new HttpHeader(values, secrets, files);
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : l;
  }
}
