package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How the Docker client splits a host (client.go {@code ParseHostURL}, options.go {@code WithHost},
 * go-connections {@code ConfigureTransport}), how it builds paths ({@code getAPIPath}: {@code
 * path.Join}), compares versions ({@code versions.LessThan}) and encodes filters ({@code
 * filters.ToParamWithVersion}, client/filters.go).
 */
class EngineHostTest {
  @Test
  void hostsSplitAsTheDockerClientSplitsThem() {
    EngineHost unix =
        EngineHost.parse("unix:///var/run/docker.sock", "docker", Compat.PROMETHEUS_2);
    assertThat(unix.isUnix()).isTrue();
    assertThat(unix.addr()).isEqualTo("/var/run/docker.sock");
    assertThat(unix.url("/v1.41/networks"))
        .isEqualTo("http://%2Fvar%2Frun%2Fdocker.sock/v1.41/networks");

    EngineHost tcp =
        EngineHost.parse("tcp://docker.example:2375/base/", "docker", Compat.PROMETHEUS_3);
    assertThat(tcp.addr()).isEqualTo("docker.example:2375");
    assertThat(tcp.basePath()).isEqualTo("/base/");
    assertThat(tcp.usesHttpConfig()).isFalse();
    assertThat(tcp.url("/_ping")).isEqualTo("http://docker.example:2375/_ping");

    EngineHost https =
        EngineHost.parse("https://docker.example:2376", "docker", Compat.PROMETHEUS_3);
    assertThat(https.usesHttpConfig()).isTrue();
    assertThat(https.scheme()).isEqualTo("https");
    // Only tcp hosts have a base path: an http host keeps its path in the address.
    assertThat(EngineHost.parse("http://h:1/p", "docker", Compat.PROMETHEUS_2).addr())
        .isEqualTo("h:1/p");
  }

  @Test
  void hostsTheClientCannotUseFailAsPrometheusFails() {
    for (Compat c : Compat.values()) {
      assertThatThrownBy(() -> EngineHost.parse("localhost:2375", "docker", c))
          .hasMessage(
              "error setting up docker client: unable to parse docker host `localhost:2375`");
      assertThatThrownBy(() -> EngineHost.parse("npipe:////./pipe/x", "docker swarm", c))
          .hasMessage("error setting up docker swarm client: protocol not available");
      assertThatThrownBy(() -> EngineHost.parse("tcp://h:port", "docker", c))
          .hasMessage(
              "error setting up docker client: parse \"tcp://h:port\": invalid port \":port\" after host");
    }
    String longPath = "/" + "x".repeat(108);
    assertThatThrownBy(() -> EngineHost.parse("unix://" + longPath, "docker", Compat.PROMETHEUS_2))
        .hasMessage(
            "error setting up docker client: Unix socket path \"" + longPath + "\" is too long");
    assertThatThrownBy(() -> EngineHost.parse("unix://" + longPath, "docker", Compat.PROMETHEUS_3))
        .hasMessage(
            "error setting up docker client: unix socket path \"" + longPath + "\" is too long");
    assertThat(EngineHost.parse("unix://" + "x".repeat(108), "docker", Compat.PROMETHEUS_3).addr())
        .hasSize(108);
    // 2.42's SplitN accepts an empty address; 3.x's Cut refuses it.
    assertThat(EngineHost.parse("unix://", "docker", Compat.PROMETHEUS_2).addr()).isEmpty();
    assertThatThrownBy(() -> EngineHost.parse("unix://", "docker", Compat.PROMETHEUS_3))
        .hasMessage("error setting up docker client: unable to parse docker host `unix://`");
  }

  @Test
  void pathsJoinAndVersionsCompareAsGoDoes() {
    assertThat(EngineClient.pathJoin("/base/", "/v1.41", "/containers/json"))
        .isEqualTo("/base/v1.41/containers/json");
    assertThat(EngineClient.pathJoin("", "/_ping")).isEqualTo("/_ping");
    assertThat(EngineClient.pathJoin("/a/../b", "/v1.24", "x")).isEqualTo("/b/v1.24/x");
    assertThat(EngineClient.lessThan("1.9", "1.24")).isTrue();
    assertThat(EngineClient.lessThan("1.24", "1.24.0")).isFalse();
    assertThat(EngineClient.lessThan("1.x", "1.1")).isTrue(); // Atoi errors count as 0
    assertThat(EngineClient.lessThan("2", "1.99")).isFalse();
  }

  @Test
  void filtersEncodeAsTheDockerClientEncodesThem() {
    var sets =
        EngineQuery.filterSets(
            List.of(
                new DockerSdConfig.Filter("status", List.of("running", "exited")),
                new DockerSdConfig.Filter("label", List.of("a=<b>&c", "a=<b>&c")),
                new DockerSdConfig.Filter("name", List.of()),
                new DockerSdConfig.Filter("status", List.of("paused"))));
    assertThat(sets.keySet()).containsExactly("label", "status");
    assertThat(EngineQuery.filtersJson(sets, false, false))
        .isEqualTo(
            "{\"label\":{\"a=\\u003cb\\u003e\\u0026c\":true},"
                + "\"status\":{\"exited\":true,\"paused\":true,\"running\":true}}");
    assertThat(EngineQuery.filtersJson(sets, true, false))
        .isEqualTo(
            "{\"label\":[\"a=\\u003cb\\u003e\\u0026c\"],\"status\":[\"exited\",\"paused\",\"running\"]}");
    var ctl = new TreeMap<String, TreeSet<String>>();
    ctl.put("label", new TreeSet<>(List.of("\b")));
    assertThat(EngineQuery.filtersJson(ctl, false, false))
        .isEqualTo("{\"label\":{\"\\u0008\":true}}");
    assertThat(EngineQuery.filtersJson(ctl, false, true)).isEqualTo("{\"label\":{\"\\b\":true}}");
    assertThat(EngineQuery.filtersJson(new TreeMap<>(), false, false)).isEmpty();
    var params = new java.util.LinkedHashMap<String, String>();
    params.put("limit", "0");
    params.put("filters", "{\"a b\":{\"x\":true}}");
    params.put("none", null);
    assertThat(EngineQuery.encode(params))
        .isEqualTo("filters=%7B%22a+b%22%3A%7B%22x%22%3Atrue%7D%7D&limit=0");
  }
}
