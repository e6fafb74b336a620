package io.promsd.sd.internal.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's net/url: escaping (expected values are what Go's url.QueryEscape and URL.EscapedPath
 * produce, per net/url's shouldEscape) and url.Parse's errors.
 */
class GoUrlTest {

  static Stream<Arguments> queryEscapes() {
    return Stream.of(
        Arguments.of("rack_name:2304", "rack_name%3A2304"),
        Arguments.of("NodeMeta.rack_name == \"2304\"", "NodeMeta.rack_name+%3D%3D+%222304%22"),
        Arguments.of("a~b*c", "a~b%2Ac"),
        Arguments.of("é/?&=+", "%C3%A9%2F%3F%26%3D%2B"),
        Arguments.of("", ""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queryEscapes")
  void queryEscapeIsGos(String in, String out) {
    assertThat(GoUrl.queryEscape(in)).isEqualTo(out);
  }

  static Stream<Arguments> pathEscapes() {
    return Stream.of(
        Arguments.of("/v1/health/service/web", "/v1/health/service/web"),
        Arguments.of("/v1/health/service/a b", "/v1/health/service/a%20b"),
        Arguments.of("/x/$&+,:;=@", "/x/$&+,:;=@"),
        Arguments.of("/x/?#%[]", "/x/%3F%23%25%5B%5D"),
        Arguments.of("/x/ü", "/x/%C3%BC"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("pathEscapes")
  void pathEscapeIsGos(String in, String out) {
    assertThat(GoUrl.pathEscape(in)).isEqualTo(out);
  }

  @Test
  void valuesEncodeSortsKeysAndKeepsRepeatedOrder() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("wait", List.of("120000ms"));
    p.put("tag", List.of("b", "a"));
    p.put("stale", List.of(""));
    p.put("node-meta", List.of("k:v"));
    assertThat(GoUrl.encode(p)).isEqualTo("node-meta=k%3Av&stale=&tag=b&tag=a&wait=120000ms");
  }

  @Test
  void parseRejectsWhatGoRejectsWithGosWords() {
    assertThatThrownBy(() -> GoUrl.parse("::")).hasMessage("parse \"::\": missing protocol scheme");
    assertThatThrownBy(() -> GoUrl.parse("http://a b"))
        .hasMessage("parse \"http://a b\": invalid character \" \" in host name");
  }

  @Test
  void parseGivesTheParts() throws GoUrl.ParseException {
    GoUrl u = GoUrl.parse("HTTP://user:p%40ss@[::1]:3128/x");
    assertThat(u.scheme()).isEqualTo("http");
    assertThat(u.user()).isEqualTo("user");
    assertThat(u.password()).isEqualTo("p@ss");
    assertThat(u.hostname()).isEqualTo("::1");
    assertThat(u.port()).isEqualTo("3128");
    assertThat(GoUrl.redact("http://user:secret@proxy:3128"))
        .isEqualTo("http://user:xxxxx@proxy:3128");
  }
}
