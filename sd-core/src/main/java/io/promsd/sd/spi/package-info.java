/**
 * The discoverer SPI: how a service discovery mechanism plugs into promsd (Prometheus's {@code
 * discovery/discovery.go}).
 *
 * <p><b>Registering a mechanism.</b> A mechanism module provides a {@link
 * io.promsd.sd.spi.DiscovererFactory} for its {@code <mechanism>_sd_configs} key and names it in
 * {@code META-INF/services/io.promsd.sd.spi.DiscovererFactory}; that file is the one place a module
 * registers, and nothing in sd-core changes. A factory on the classpath makes its key usable; a key
 * of Prometheus's without a factory is rejected with a message naming it; any other key is Go's
 * {@code field ... not found}.
 *
 * <p><b>Running.</b> The factory parses each entry into an immutable {@link
 * io.promsd.sd.spi.SdConfig} record; equal records share one running {@link
 * io.promsd.sd.spi.Discoverer}, which pushes {@link io.promsd.sd.spi.TargetGroup}s through its
 * {@link io.promsd.sd.spi.DiscoveryContext} (faults, and metrics of the mechanism's own, go there
 * too). A polling mechanism wraps its refresh in a {@link io.promsd.sd.spi.RefreshDiscoverer}.
 *
 * <p><b>Prometheus's behaviour, ported once.</b> Use these rather than a copy of your own:
 *
 * <ul>
 *   <li>decoding a config the way yaml.v2 does: {@link io.promsd.relabel.internal.config.Decoder}
 *       and {@link io.promsd.relabel.internal.config.Fields} on the {@link
 *       io.promsd.relabel.internal.config.Node}s of {@link io.promsd.sd.spi.SdConfigSource}, with
 *       {@link io.promsd.relabel.ConfigException} for what Prometheus rejects;
 *   <li>a path relative to the config file ({@code JoinDir}): {@link
 *       io.promsd.sd.spi.SdConfigSource#resolvePath};
 *   <li>a {@code model.Duration}: {@link io.promsd.sd.spi.PromDuration#decode} (and {@code parse},
 *       {@code format});
 *   <li>a secret, a secret file, the inlined HTTP client settings: {@link
 *       io.promsd.sd.httpclient.Secret#decode}, {@link io.promsd.sd.spi.SdConfigSource#resolvePath}
 *       and {@link io.promsd.sd.httpclient.HttpClientConfig#decodeInline};
 *   <li>{@code net.JoinHostPort} for {@code __address__}: {@link io.promsd.sd.spi.GoNet};
 *   <li>label names from keys you do not control: {@link io.promsd.sd.spi.LabelNames#sanitize};
 *   <li>Go's quoting, {@code strings.ToLower}, {@code strings.TrimSpace} and {@code %v} of a list
 *       in messages: {@link io.promsd.relabel.internal.config.GoText}; file globs: {@link
 *       io.promsd.relabel.internal.config.GoPath}.
 * </ul>
 */
package io.promsd.sd.spi;
