package io.promsd.sd;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public top-level types (embedders: io.promsd.sd and io.promsd.sd.config;
 * discoverer authors: io.promsd.sd.spi and io.promsd.sd.httpclient), so that a type joins or leaves
 * the public surface only on purpose: package-private is the default.
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
            "io.promsd.sd.ScrapeJob",
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
            "io.promsd.sd.config.TargetGroups",
            "io.promsd.sd.config.UnavailableSdConfig",
            "io.promsd.sd.httpclient.Authorization",
            "io.promsd.sd.httpclient.BasicAuth",
            "io.promsd.sd.httpclient.BoundedBody",
            "io.promsd.sd.httpclient.GoHttpGet",
            "io.promsd.sd.httpclient.GoUrl",
            "io.promsd.sd.httpclient.HttpClientConfig",
            "io.promsd.sd.httpclient.HttpHeader",
            "io.promsd.sd.httpclient.OAuth2",
            "io.promsd.sd.httpclient.ProxyConfig",
            "io.promsd.sd.httpclient.RequestHeaders",
            "io.promsd.sd.httpclient.Secret",
            "io.promsd.sd.httpclient.TlsConfig",
            "io.promsd.sd.httpclient.TlsContext",
            "io.promsd.sd.httpclient.TlsVersion",
            "io.promsd.sd.spi.Discoverer",
            "io.promsd.sd.spi.DiscovererFactory",
            "io.promsd.sd.spi.DiscoveryContext",
            "io.promsd.sd.spi.GoNet",
            "io.promsd.sd.spi.LabelNames",
            "io.promsd.sd.spi.PolledUrlFields",
            "io.promsd.sd.spi.PromDuration",
            "io.promsd.sd.spi.RefreshDiscoverer",
            "io.promsd.sd.spi.SdConfig",
            "io.promsd.sd.spi.SdConfigSource",
            "io.promsd.sd.spi.StrictRefreshDiscoverer",
            "io.promsd.sd.spi.TargetGroup");
  }
}
