package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.Node;
import java.nio.file.Path;

/**
 * The {@code authorization} block (prometheus/common's {@code Authorization}): the {@code
 * Authorization} header is {@code <type> <credentials>}. Strings are empty when not set; after
 * {@link HttpClientConfig#validate()} the type is trimmed and defaults to {@code Bearer}.
 * Immutable; the credentials print as {@code <secret>}.
 *
 * @param type the scheme, e.g. {@code Bearer}
 * @param credentials the credentials
 * @param credentialsFile file holding the credentials, read on every request
 * @param credentialsRef secret-manager name of the credentials (3.x only)
 */
public record Authorization(
    String type, Secret credentials, String credentialsFile, String credentialsRef) {

  /** Checks for nulls. */
  public Authorization {
    requireNonNull(type, "type");
    requireNonNull(credentials, "credentials");
    requireNonNull(credentialsFile, "credentialsFile");
    requireNonNull(credentialsRef, "credentialsRef");
  }

  /** Decodes an {@code authorization} mapping ({@code config.Authorization} in Go's messages). */
  static Authorization decode(Node n, Decoder d, Path configDir, Compat compat) {
    Fields f = d.struct(n, "config.Authorization");
    String ref = compat == Compat.PROMETHEUS_3 ? d.string(f.take("credentials_ref")) : "";
    Authorization a =
        new Authorization(
            d.string(f.take("type")),
            Secret.decode(d, f.take("credentials")),
            GoPath.joinDir(configDir, d.string(f.take("credentials_file"))),
            ref);
    f.finish();
    return a;
  }

  Authorization withType(String t) {
    return new Authorization(t, credentials, credentialsFile, credentialsRef);
  }
}
