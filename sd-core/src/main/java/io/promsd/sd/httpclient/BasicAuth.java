package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.Node;
import java.nio.file.Path;

/**
 * The {@code basic_auth} block (prometheus/common's {@code BasicAuth}). Strings are empty when not
 * set; file paths are resolved against the config file's directory. Immutable; the password prints
 * as {@code <secret>}.
 *
 * @param username the user name
 * @param usernameFile file holding the user name (3.x only)
 * @param usernameRef secret-manager name of the user name (3.x only)
 * @param password the password
 * @param passwordFile file holding the password, read on every request
 * @param passwordRef secret-manager name of the password (3.x only)
 */
public record BasicAuth(
    String username,
    String usernameFile,
    String usernameRef,
    Secret password,
    String passwordFile,
    String passwordRef) {

  /** Checks for nulls. */
  public BasicAuth {
    requireNonNull(username, "username");
    requireNonNull(usernameFile, "usernameFile");
    requireNonNull(usernameRef, "usernameRef");
    requireNonNull(password, "password");
    requireNonNull(passwordFile, "passwordFile");
    requireNonNull(passwordRef, "passwordRef");
  }

  /** Basic auth with an inline user name and password, as Consul SD's own fields make it. */
  public static BasicAuth of(String username, Secret password) {
    return new BasicAuth(username, "", "", password, "", "");
  }

  /** Decodes a {@code basic_auth} mapping; Go names it {@code config.plain} in type errors. */
  static BasicAuth decode(Node n, Decoder d, Path configDir, Compat compat) {
    Fields f = d.struct(n, "config.plain");
    boolean v3 = compat == Compat.PROMETHEUS_3;
    String usernameFile = v3 ? d.string(f.take("username_file")) : "";
    String usernameRef = v3 ? d.string(f.take("username_ref")) : "";
    String passwordRef = v3 ? d.string(f.take("password_ref")) : "";
    BasicAuth b =
        new BasicAuth(
            d.string(f.take("username")),
            GoPath.joinDir(configDir, usernameFile),
            usernameRef,
            Secret.decode(d, f.take("password")),
            GoPath.joinDir(configDir, d.string(f.take("password_file"))),
            passwordRef);
    f.finish();
    return b;
  }
}
