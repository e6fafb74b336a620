/**
 * The HTTP plumbing promsd's servers share: {@link io.promsd.web.internal.WebServer} (Jetty 12
 * core) with Go listen addresses, an httprouter-style {@link io.promsd.web.internal.Router}, Go's
 * path cleaning and error answers, {@link io.promsd.web.internal.WebConfig} (exporter-toolkit's
 * {@code --web.config.file}: TLS and bcrypt basic auth), {@link io.promsd.web.WebLimits}, {@link
 * io.promsd.web.internal.RoutePrefix} for {@code --web.route-prefix} and {@code
 * --web.external-url}, and {@link io.promsd.web.internal.RequestObserver} for request metrics.
 * Knows nothing of discovery or of the Push Gateway.
 *
 * <p>Internal: used by promsd's own modules, not API; it may change in any release.
 */
package io.promsd.web.internal;
