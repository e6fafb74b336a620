package io.promsd.sd;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (embedders: io.promsd.sd and io.promsd.sd.config;
 * discoverer authors: io.promsd.sd.spi and io.promsd.sd.httpclient, whose component records are
 * nested in HttpClientConfig), so that a type joins or leaves the public surface only on purpose:
 * package-private is the default. The internal packages are pinned apart: other promsd modules use
 * them, users should not.
 */
class PublicApiTest {
  @Test
  void publicTypesAreExactlyThese() {
    assertThat(PublicApi.publicTypes(DiscoveryManager.class))
        .containsExactly(
            "io.promsd.sd.DiscoveryManager",
            "io.promsd.sd.DiscoveryMetrics",
            "io.promsd.sd.JobTargets",
            "io.promsd.sd.ProviderHealth",
            "io.promsd.sd.ScrapeSettings",
            "io.promsd.sd.ScrapeTarget",
            "io.promsd.sd.Subscription",
            "io.promsd.sd.TargetSet",
            "io.promsd.sd.TargetSetListener",
            "io.promsd.sd.config.ConfigLoader",
            "io.promsd.sd.config.GlobalConfig",
            "io.promsd.sd.config.PrometheusConfig",
            "io.promsd.sd.config.PrometheusConfigException",
            "io.promsd.sd.config.ScrapeConfig",
            "io.promsd.sd.config.StaticSdConfig",
            "io.promsd.sd.httpclient.GoHttpGet",
            "io.promsd.sd.httpclient.HttpClientConfig",
            "io.promsd.sd.httpclient.RequestHeaders",
            "io.promsd.sd.httpclient.Secret",
            "io.promsd.sd.spi.Discoverer",
            "io.promsd.sd.spi.DiscovererFactory",
            "io.promsd.sd.spi.DiscoveryContext",
            "io.promsd.sd.spi.GoNet",
            "io.promsd.sd.spi.LabelNames",
            "io.promsd.sd.spi.PromDuration",
            "io.promsd.sd.spi.RefreshDiscoverer",
            "io.promsd.sd.spi.SdConfig",
            "io.promsd.sd.spi.SdConfigSource",
            "io.promsd.sd.spi.TargetGroup");
  }

  @Test
  void internalTypesAreExactlyThese() {
    assertThat(PublicApi.internalTypes(DiscoveryManager.class))
        .containsExactly(
            "io.promsd.sd.internal.ScrapeJob",
            "io.promsd.sd.internal.config.TargetGroups",
            "io.promsd.sd.internal.config.UnavailableSdConfig",
            "io.promsd.sd.internal.httpclient.BoundedBody",
            "io.promsd.sd.internal.httpclient.GoUrl",
            "io.promsd.sd.internal.spi.PolledUrlFields",
            "io.promsd.sd.internal.spi.StrictRefreshDiscoverer");
  }

  @Test
  void internalTypesInTheApiAreOnlyTheDecoder() {
    // The SPI hands a discoverer the YAML decoder (io.promsd.relabel.internal.config), and the
    // decoding entry points a discoverer calls take it: pinned, so that no other internal type (and
    // no other member) reaches a public signature unnoticed.
    assertThat(PublicApi.internalTypesInSignatures(DiscoveryManager.class))
        .containsExactly(
            "HttpClientConfig#decode: io.promsd.relabel.internal.config.Decoder",
            "HttpClientConfig#decode: io.promsd.relabel.internal.config.Node",
            "HttpClientConfig#decodeInline: io.promsd.relabel.internal.config.Fields",
            "HttpClientConfig$TlsConfig#decode: io.promsd.relabel.internal.config.Decoder",
            "HttpClientConfig$TlsConfig#decode: io.promsd.relabel.internal.config.Node",
            "PromDuration#decode: io.promsd.relabel.internal.config.Decoder",
            "PromDuration#decode: io.promsd.relabel.internal.config.Node",
            "SdConfigSource#<init>: io.promsd.relabel.internal.config.Decoder",
            "SdConfigSource#<init>: io.promsd.relabel.internal.config.Node",
            "SdConfigSource#decoder: io.promsd.relabel.internal.config.Decoder",
            "SdConfigSource#node: io.promsd.relabel.internal.config.Node",
            "Secret#decode: io.promsd.relabel.internal.config.Decoder",
            "Secret#decode: io.promsd.relabel.internal.config.Node");
  }

  @Test
  void httpClientComponentsAreNestedInItsConfig() {
    assertThat(io.promsd.sd.httpclient.HttpClientConfig.class.getDeclaredClasses())
        .extracting(Class::getSimpleName)
        .contains(
            "Authorization",
            "BasicAuth",
            "HttpHeader",
            "OAuth2",
            "ProxyConfig",
            "TlsConfig",
            "TlsContext",
            "TlsVersion");
  }

  @Test
  void internalMeansAPackageSegment() {
    assertThat(PublicApi.isInternal("io.promsd.web.internal.WebServer")).isTrue();
    assertThat(PublicApi.isInternal("io.promsd.sd.internal.config.TargetGroups")).isTrue();
    assertThat(PublicApi.isInternal("io.promsd.sd.internalx.Foo")).isFalse();
    assertThat(PublicApi.isInternal("io.promsd.sd.internal")).isFalse();
  }
}
