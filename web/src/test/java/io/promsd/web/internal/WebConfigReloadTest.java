package io.promsd.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.web.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web config file is re-read when it changes, as exporter-toolkit reads it on every request;
 * cached bcrypt results never outlive the hash they were computed with (CVE-2022-46146); a file
 * that stops reading answers 500 until it is fixed; hashes never show.
 */
class WebConfigReloadTest {
  // exporter-toolkit's test users (web/testdata/web_config_users.good.yml)
  private static final String CAROL =
      "$2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu";
  private static final String DAVE = "$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq";
  private static final Duration T = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static int get(WebServer s, String user, String password) throws IOException {
    String cred =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return RawHttp.send(
            "127.0.0.1",
            s.port(),
            "GET",
            "/-/healthy",
            List.of(Map.entry("Authorization", "Basic " + cred)),
            null,
            T)
        .status();
  }

  private static void rewrite(Path file, String text) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
  }

  @Test
  void changedHashInvalidatesCachedLogins() throws IOException {
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  dave: " + DAVE + "\n");
    List<String> errors = new CopyOnWriteArrayList<>();
    WebLog log =
        new WebLog() {
          @Override
          public void info(String msg, Object... keyvals) {}

          @Override
          public void error(String msg, Object... keyvals) {
            errors.add(msg + " " + List.of(keyvals));
          }
        };
    Router r = new Router().get("/-/healthy", "healthy", (q, a) -> a.error(200, "OK"));
    try (WebServer s =
        WebServer.builder().listen("127.0.0.1:0").router(r).webConfigFile(web).log(log).start()) {
      assertThat(get(s, "dave", "dave123")).isEqualTo(200);
      assertThat(get(s, "dave", "dave123")).isEqualTo(200); // cached

      rewrite(web, "basic_auth_users:\n  dave: " + CAROL + "\n");
      assertThat(get(s, "dave", "dave123")).isEqualTo(401);
      assertThat(get(s, "dave", "carol123")).isEqualTo(200);

      rewrite(web, "basic_auth_users: [oops]\n");
      RawHttp.Answer broken =
          RawHttp.send("127.0.0.1", s.port(), "GET", "/-/healthy", List.of(), null, T);
      assertThat(broken.status()).isEqualTo(500);
      assertThat(broken.text()).isEqualTo("Internal Server Error\n");
      assertThat(errors)
          .anyMatch(
              e -> e.startsWith("Unable to parse configuration [err, yaml: unmarshal errors:"));

      rewrite(web, "http_server_config:\n  headers:\n    X-Frame-Options: deny\n");
      RawHttp.Answer open =
          RawHttp.send("127.0.0.1", s.port(), "GET", "/-/healthy", List.of(), null, T);
      assertThat(open.status()).isEqualTo(200);
      assertThat(open.header("X-Frame-Options")).contains("deny");
    }
  }

  @Test
  void hashesNeverShow() throws IOException {
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  dave: " + DAVE + "\n");
    WebConfig c = WebConfig.load(web);
    assertThat(c.toString()).contains("dave=<secret>").doesNotContain("$2y$");
    assertThat(c.userNames()).containsExactly("dave");
  }

  @Test
  void authCacheStaysBounded() {
    BasicAuth auth = new BasicAuth();
    WebConfig c =
        WebConfig.parse(
            "basic_auth_users:\n  u: $2y$04$abcdefghijklmnopqrstuuBDy8w0J4h2pY2dBx0bZ1yHq6sD5dG3S\n",
            dir.resolve("web.yml"),
            0,
            0);
    for (int i = 0; i < 500; i++) {
      auth.allows(c, new BasicAuth.Credentials("u", ("p" + i).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(auth.cacheSize()).isLessThanOrEqualTo(100);
  }
}
