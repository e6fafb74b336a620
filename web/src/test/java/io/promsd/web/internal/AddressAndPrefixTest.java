package io.promsd.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Listen addresses as Go's {@code net.SplitHostPort} and {@code net.Listen} read them (cases from
 * Go's net/ipsock_test.go and what Pushgateway 1.5.1 logs for {@code --web.listen-address=9091});
 * route prefixes as pushgateway's {@code computeRoutePrefix} and Prometheus's main.go compute them.
 */
class AddressAndPrefixTest {
  static Stream<Arguments> goodAddresses() {
    return Stream.of(
        Arguments.of(":9091", "", 9091),
        Arguments.of("127.0.0.1:0", "127.0.0.1", 0),
        Arguments.of("[::1]:9091", "::1", 9091),
        Arguments.of("[::]:80", "::", 80),
        Arguments.of("localhost:http", "localhost", 80),
        Arguments.of("host:", "host", 0),
        Arguments.of("[fe80::1%lo]:9", "fe80::1%lo", 9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodAddresses")
  void parsesGoListenAddresses(String text, String host, int port) {
    ListenAddress a = ListenAddress.parse(text);
    assertThat(a.host()).isEqualTo(host);
    assertThat(a.port()).isEqualTo(port);
  }

  static Stream<Arguments> badAddresses() {
    return Stream.of(
        Arguments.of("9091", "address 9091: missing port in address"),
        Arguments.of("::1:9091", "address ::1:9091: too many colons in address"),
        Arguments.of("[::1]", "address [::1]: missing port in address"),
        Arguments.of("[::1", "address [::1: missing ']' in address"),
        Arguments.of("[::1]9091:1", "address [::1]9091:1: missing port in address"),
        Arguments.of("[::1]:1:2", "address [::1]:1:2: too many colons in address"),
        Arguments.of("a[b:1", "address a[b:1: unexpected '[' in address"),
        Arguments.of("a]b:1", "address a]b:1: unexpected ']' in address"),
        Arguments.of("h:70000", "address h:70000: invalid port"),
        Arguments.of("h:nope", "lookup tcp/nope: unknown port"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAddresses")
  void rejectsInGoWords(String text, String message) {
    assertThatThrownBy(() -> ListenAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void printsAsJoinHostPort() {
    assertThat(ListenAddress.parse("[::1]:9").toString()).isEqualTo("[::1]:9");
    assertThat(ListenAddress.parse(":9091").toString()).isEqualTo(":9091");
  }

  static Stream<Arguments> prefixes() {
    return Stream.of(
        // route prefix flag, external URL, Pushgateway's, Prometheus's
        Arguments.of("", null, "", "/"),
        Arguments.of("", "http://example.com", "", "/"),
        Arguments.of("", "http://example.com/", "", "/"),
        Arguments.of("", "http://example.com/pg/", "/pg", "/pg"),
        Arguments.of("", "http://example.com/a/b", "/a/b", "/a/b"),
        Arguments.of("/", "http://example.com/pg", "", "/"),
        Arguments.of("x/", null, "/x", "/x"),
        Arguments.of("//x//", "http://example.com/pg", "/x", "/x"),
        Arguments.of("/x", "http://example.com/pg", "/x", "/x"));
  }

  @ParameterizedTest(name = "prefix={0} url={1}")
  @MethodSource("prefixes")
  void routePrefixes(String prefix, String url, String pushgateway, String prometheus) {
    URI u = url == null ? null : RoutePrefix.parseExternalUrl(url);
    assertThat(RoutePrefix.pushgateway(prefix, u)).isEqualTo(pushgateway);
    assertThat(RoutePrefix.prometheus(prefix, u)).isEqualTo(prometheus);
  }

  static Stream<Arguments> cleanPaths() {
    // net/http cleanPath: path.Clean keeping a trailing slash
    return Stream.of(
        Arguments.of("", "/"),
        Arguments.of("/", "/"),
        Arguments.of("a", "/a"),
        Arguments.of("//a", "/a"),
        Arguments.of("/a//b/", "/a/b/"),
        Arguments.of("/a/./b", "/a/b"),
        Arguments.of("/a/../b", "/b"),
        Arguments.of("/../a", "/a"),
        Arguments.of("/a/b/..", "/a"),
        Arguments.of("/a/b/../", "/a/"),
        Arguments.of("/.", "/"),
        Arguments.of("/a/.../b", "/a/.../b"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cleanPaths")
  void cleansPathsAsNetHttp(String in, String out) {
    assertThat(GoPaths.cleanPath(in)).isEqualTo(out);
  }

  @Test
  void routeConflictsInHttproutersWords() {
    Router r = new Router().put("/metrics/job/:job", "push", (q, a) -> {});
    assertThatThrownBy(() -> r.put("/metrics/job/:job", "push", (q, a) -> {}))
        .hasMessage("a handle is already registered for path '/metrics/job/:job'");
    assertThatThrownBy(() -> r.put("/metrics/job/:name", "push", (q, a) -> {}))
        .hasMessage(
            "':name' in new path '/metrics/job/:name' conflicts with existing wildcard ':job' in"
                + " existing prefix '/metrics/job/:job'");
    assertThatThrownBy(() -> r.put("/metrics/job/x", "push", (q, a) -> {}))
        .hasMessageContaining("conflicts with existing wildcard ':job'");
    assertThatThrownBy(() -> r.get("/a/*x/b", "a", (q, a) -> {}))
        .hasMessage("catch-all routes are only allowed at the end of the path in path '/a/*x/b'");
  }
}
